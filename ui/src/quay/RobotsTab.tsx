import { useCallback, useEffect, useState, type FormEvent } from "react";
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Form,
  FormGroup,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Spinner,
  TextInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { commands } from "../bindings/commands";
import type { Robot } from "../bindings/Robot";
import type { RobotCredentials } from "../bindings/RobotCredentials";
import { toUiError, type UiError } from "../errors";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { CommandLine } from "../components/CommandLine";
import { SecretValue } from "../components/SecretValue";
import { PullSecretForm } from "../components/PullSecretForm";
import { TokenAuthFile } from "../access/TokenAuthFile";
import type { QuayTabProps } from "./QuayPage";
import { QuayErrorAlert } from "./QuayErrorAlert";
import { RobotPermissions } from "./RobotPermissions";
import { TimeText } from "../components/TimeText";
import { ConfirmModal } from "../components/ConfirmModal";

type Loaded = { status: "loading" } | { status: "failed"; error: UiError } | { status: "ready"; value: Robot[] };
type Dialog =
  | { kind: "create" }
  | { kind: "credentials"; robot: string; credentials: RobotCredentials | null; note?: MessageKey }
  | { kind: "regenerate"; robot: string }
  | { kind: "delete"; robot: string };

/** `org+name` → `name`, the short name Quay's robot API takes. */
export function shortName(robot: string): string {
  const plus = robot.indexOf("+");
  return plus < 0 ? robot : robot.slice(plus + 1);
}

/**
 * An organization's robot accounts: create, reveal and copy a token (masked until asked),
 * regenerate it (asks once: the old token stops working), delete (asks once), and what the
 * token is copied as: `docker login`/`podman login` lines, a pull secret, an auth-file entry.
 */
export function RobotsTab({ connectionId, organization, registryHost, onSignIn }: QuayTabProps) {
  const t = useT();
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  /** What was just done, said in the language in force (it may change meanwhile). */
  const [done, setDone] = useState<{ key: MessageKey; name: string } | null>(null);

  const load = useCallback(async () => {
    setLoaded({ status: "loading" });
    try {
      setLoaded({ status: "ready", value: await commands.quayRobots(connectionId, organization) });
    } catch (reason) {
      setLoaded({ status: "failed", error: toUiError(reason) });
    }
  }, [connectionId, organization]);
  useEffect(() => void load(), [load]);

  const showCredentials = (robot: string) => setDialog({ kind: "credentials", robot, credentials: null });

  if (loaded.status === "loading") return <Spinner size="lg" aria-label={t("quay.loading")} />;
  if (loaded.status === "failed")
    return <QuayErrorAlert error={loaded.error} title="quay.error.load" onSignIn={onSignIn} onRetry={() => void load()} />;

  return (
    <>
      {done && (
        <Alert
          variant="success"
          isInline
          data-testid="quay-robot-done"
          title={t(done.key, { name: done.name })}
          actionClose={<AlertActionCloseButton onClose={() => setDone(null)} />}
          className="rc-mb-md"
        />
      )}
      <Toolbar>
        <ToolbarContent>
          <ToolbarItem>
            <Button variant="primary" data-testid="quay-robot-create" onClick={() => setDialog({ kind: "create" })}>
              {t("quay.robots.create")}
            </Button>
          </ToolbarItem>
        </ToolbarContent>
      </Toolbar>
      {loaded.value.length === 0 ? (
        <p data-testid="quay-robots-none">{t("quay.robots.none")}</p>
      ) : (
        <Table aria-label={t("quay.tab.robots")} variant="compact" data-testid="quay-robots">
          <Thead>
            <Tr>
              <Th>{t("quay.robots.columnName")}</Th>
              <Th>{t("quay.robots.columnDescription")}</Th>
              <Th>{t("quay.robots.columnCreated")}</Th>
              <Th>{t("quay.robots.columnUsed")}</Th>
              <Th screenReaderText={t("quay.robots.actionsLabel", { name: "" })} />
            </Tr>
          </Thead>
          <Tbody>
            {loaded.value.map((r) => (
              <Tr key={r.name} data-testid="quay-robot-row" data-name={r.name}>
                <Td dataLabel={t("quay.robots.columnName")}>
                  <strong>{r.name}</strong>
                </Td>
                <Td dataLabel={t("quay.robots.columnDescription")}>{r.description ?? ""}</Td>
                <Td dataLabel={t("quay.robots.columnCreated")}>
                  <TimeText value={r.created} />
                </Td>
                <Td dataLabel={t("quay.robots.columnUsed")}>
                  <TimeText value={r.lastAccessed} />
                </Td>
                <Td isActionCell>
                  <div className="rc-row-actions" aria-label={t("quay.robots.actionsLabel", { name: r.name })}>
                    <Button variant="secondary" size="sm" data-testid="quay-robot-credentials" onClick={() => showCredentials(r.name)}>
                      {t("quay.robots.credentials")}
                    </Button>
                    <Button variant="secondary" size="sm" data-testid="quay-robot-regenerate" onClick={() => setDialog({ kind: "regenerate", robot: r.name })}>
                      {t("quay.robots.regenerate")}
                    </Button>
                    <Button variant="secondary" isDanger size="sm" data-testid="quay-robot-delete" onClick={() => setDialog({ kind: "delete", robot: r.name })}>
                      {t("quay.robots.delete")}
                    </Button>
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {dialog?.kind === "create" && (
        <CreateRobotModal
          connectionId={connectionId}
          organization={organization}
          onCancel={() => setDialog(null)}
          onCreated={(credentials) => {
            setDone({ key: "quay.robots.created", name: credentials.name });
            setDialog({ kind: "credentials", robot: credentials.name, credentials });
            void load();
          }}
        />
      )}
      {dialog?.kind === "credentials" && (
        <CredentialsModal
          connectionId={connectionId}
          organization={organization}
          robot={dialog.robot}
          given={dialog.credentials}
          note={dialog.note}
          registryHost={registryHost}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "regenerate" && (
        <ConfirmModal
          testId="quay-robot-regenerate-confirm"
          confirmTestId="quay-robot-regenerate-confirm-submit"
          errorAlert={QuayErrorAlert}
          variant="warning"
          title={t("quay.robots.regenerateTitle", { name: dialog.robot })}
          body={t("quay.robots.regenerateBody", { name: dialog.robot })}
          confirm={t("quay.robots.regenerateSubmit")}
          failed="quay.robots.regenerateFailed"
          onCancel={() => setDialog(null)}
          run={async () => {
            const credentials = await commands.quayRobotRegenerate(connectionId, organization, shortName(dialog.robot));
            setDialog({ kind: "credentials", robot: dialog.robot, credentials, note: "quay.robots.regenerated" });
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <ConfirmModal
          testId="quay-robot-delete-confirm"
          confirmTestId="quay-robot-delete-confirm-submit"
          errorAlert={QuayErrorAlert}
          title={t("quay.robots.deleteTitle", { name: dialog.robot })}
          body={t("quay.robots.deleteBody")}
          confirm={t("quay.robots.deleteSubmit")}
          failed="quay.robots.deleteFailed"
          variant="danger"
          onCancel={() => setDialog(null)}
          run={async () => {
            await commands.quayRobotDelete(connectionId, organization, shortName(dialog.robot));
            setDone({ key: "quay.robots.deleted", name: dialog.robot });
            setDialog(null);
            void load();
          }}
        />
      )}
    </>
  );
}

/** A time as Quay writes it (RFC 2822), relative in the UI language; exact on hover. */
function CreateRobotModal({
  connectionId,
  organization,
  onCancel,
  onCreated,
}: {
  connectionId: string;
  organization: string;
  onCancel: () => void;
  onCreated: (credentials: RobotCredentials) => void;
}) {
  const t = useT();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || !name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(await commands.quayRobotCreate(connectionId, organization, name.trim(), description.trim()));
    } catch (reason) {
      setError(toUiError(reason));
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={busy ? undefined : onCancel} aria-labelledby="quay-robot-create-title">
      <ModalHeader title={t("quay.robots.createTitle", { organization })} labelId="quay-robot-create-title" />
      <ModalBody>
        <Form id="quay-robot-create-form" onSubmit={submit} noValidate>
          {error && <QuayErrorAlert error={error} title="quay.robots.createFailed" />}
          <FormGroup label={t("quay.robots.shortName")} isRequired fieldId="quay-robot-name">
            <TextInput id="quay-robot-name" value={name} onChange={(_e, v) => setName(v)} isDisabled={busy} autoFocus />
            <HelperText>
              <HelperTextItem>{t("quay.robots.shortNameHelp", { organization })}</HelperTextItem>
            </HelperText>
          </FormGroup>
          <FormGroup label={t("quay.robots.description")} fieldId="quay-robot-description">
            <TextInput id="quay-robot-description" value={description} onChange={(_e, v) => setDescription(v)} isDisabled={busy} />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="quay-robot-create-form" variant="primary" data-testid="quay-robot-create-submit" isLoading={busy} isDisabled={busy || !name.trim()}>
          {t("quay.robots.createSubmit")}
        </Button>
        <Button variant="link" onClick={onCancel} isDisabled={busy}>
          {t("common.cancel")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

/** A robot's token and what it is copied as. The token lives in this dialog's state only. */
function CredentialsModal({
  connectionId,
  organization,
  robot,
  given,
  note,
  registryHost,
  onClose,
}: {
  connectionId: string;
  organization: string;
  robot: string;
  given: RobotCredentials | null;
  note?: MessageKey;
  registryHost: string;
  onClose: () => void;
}) {
  const t = useT();
  const [credentials, setCredentials] = useState<RobotCredentials | null>(given);
  const [error, setError] = useState<UiError | null>(null);

  useEffect(() => {
    if (given) return;
    commands.quayRobotCredentials(connectionId, organization, shortName(robot)).then(setCredentials, (reason) => setError(toUiError(reason)));
  }, [connectionId, organization, robot, given]);


  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="quay-robot-credentials-title">
      <ModalHeader title={t("quay.robots.credentialsTitle", { name: robot })} labelId="quay-robot-credentials-title" />
      <ModalBody>
        {note && <Alert variant="info" isInline data-testid="quay-robot-note" title={t(note, { name: robot })} className="rc-mb-md" />}
        {error && <QuayErrorAlert error={error} title="quay.robots.credentialsFailed" />}
        {!credentials && !error && <Spinner size="lg" aria-label={t("quay.loading")} />}
        {credentials && (
          <div data-testid="quay-robot-credentials-body">
            <Title headingLevel="h3" size="md">
              {t("quay.robots.token")}
            </Title>
            <SecretValue source={{ value: credentials.token }} label={t("quay.robots.tokenLabel", { name: robot })} testId="quay-robot-token" />
            <Title headingLevel="h3" size="md" className="pf-v6-u-mt-md">
              {t("quay.robots.dockerLogin")}
            </Title>
            <CommandLine command={credentials.login.docker} label={t("quay.robots.dockerLogin")} testId="quay-robot-docker-login" />
            <Title headingLevel="h3" size="md" className="pf-v6-u-mt-md">
              {t("quay.robots.podmanLogin")}
            </Title>
            <CommandLine command={credentials.login.podman} label={t("quay.robots.podmanLogin")} testId="quay-robot-podman-login" />
            <Title headingLevel="h3" size="md" className="pf-v6-u-mt-md">
              {t("quay.robots.pullSecret")}
            </Title>
            <PullSecretForm
              idPrefix="quay-pull-secret"
              defaultName={`${robot.replace(/[+_]/g, "-")}-pull-secret`}
              generate={(request) => commands.quayRobotPullSecret(connectionId, organization, shortName(robot), request)}
              yamlLabel={t("quay.robots.pullSecretLabel", { name: robot })}
              renderError={(e) => <QuayErrorAlert error={e} title="quay.robots.pullSecretFailed" />}
            />
            <div className="pf-v6-u-mt-md">
              <TokenAuthFile username={credentials.name} token={credentials.token} registry={registryHost} />
            </div>
          </div>
        )}
        <RobotPermissions connectionId={connectionId} organization={organization} shortName={shortName(robot)} />
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" data-testid="quay-robot-credentials-close" onClick={onClose}>
          {t("quay.close")}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
