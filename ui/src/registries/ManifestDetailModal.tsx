import { Modal, ModalBody, ModalHeader } from "@patternfly/react-core";
import { ManifestDetails } from "./ManifestPage";

export interface ManifestDetailModalProps {
  connectionId: string;
  repository: string;
  tag: string;
  authEpoch: number;
  onSignIn: () => void;
  onClose: () => void;
}

/**
 * A tag's manifest in a dialog, for screens that are dialogs themselves (Quay's tags); the
 * Registries page shows the same details as a page (`ManifestPage`).
 */
export function ManifestDetailModal({ connectionId, repository, tag, authEpoch, onSignIn, onClose }: ManifestDetailModalProps) {
  return (
    <Modal
      isOpen
      variant="large"
      onClose={onClose}
      aria-labelledby="manifest-detail-title"
      data-testid="manifest-detail"
      className="rc-manifest-modal"
    >
      <ModalHeader title={`${repository}:${tag}`} labelId="manifest-detail-title" className="rc-mono-title" />
      <ModalBody>
        <ManifestDetails connectionId={connectionId} repository={repository} tag={tag} authEpoch={authEpoch} onSignIn={onSignIn} />
      </ModalBody>
    </Modal>
  );
}
