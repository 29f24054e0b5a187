import { useState } from "react";
import { Alert, Button, Spinner, Tooltip } from "@patternfly/react-core";
import { EyeIcon, EyeSlashIcon } from "@patternfly/react-icons";
import type { SecretCopied } from "../bindings/SecretCopied";
import { toUiError } from "../errors";
import { useT } from "../i18n/i18n";
import { CopyButton } from "./CopyButton";

/** Where the secret comes from: already in the window, or fetched from the backend on demand. */
export type SecretSource =
  /** A secret the user just made (a minted token, a generated pull secret). */
  | { value: string }
  /**
   * A secret the backend keeps (a stored password, a login line with it): fetched only when
   * the user reveals it, and copied by the backend without the window holding it.
   */
  | { reveal: () => Promise<string>; copy: () => Promise<SecretCopied> };

export interface SecretValueProps {
  source: SecretSource;
  /** What this is, for the buttons' labels ("podman login line"). */
  label: string;
  testId: string;
  /** Shown until revealed; bullets when not given. */
  masked?: string;
  /** A command line or a file (kept in a block, wrapped) rather than a token. */
  multiline?: boolean;
}

type Shown = { status: "masked" } | { status: "fetching" } | { status: "shown"; value: string } | { status: "failed"; message: string };

/**
 * The app's one secret display: masked until the user reveals it, with a copy button whose
 * copy the backend clears from the clipboard again. A secret the backend keeps reaches this
 * component (and the window) only on Reveal, and is dropped on Hide.
 */
export function SecretValue({ source, label, testId, masked, multiline }: SecretValueProps) {
  const t = useT();
  const [shown, setShown] = useState<Shown>({ status: "masked" });
  const held = "value" in source ? source.value : null;
  const mask = masked ?? "•".repeat(Math.min(40, Math.max(12, held?.length ?? 20)));
  const revealed = shown.status === "shown";

  const toggle = async () => {
    if (shown.status === "shown" || shown.status === "fetching") {
      setShown({ status: "masked" });
      return;
    }
    if ("value" in source) {
      setShown({ status: "shown", value: source.value });
      return;
    }
    setShown({ status: "fetching" });
    try {
      setShown({ status: "shown", value: await source.reveal() });
    } catch (reason) {
      setShown({ status: "failed", message: toUiError(reason).message });
    }
  };

  const text = revealed ? shown.value : mask;
  const revealLabel = revealed ? t("secret.hide", { what: label }) : t("secret.reveal", { what: label });
  return (
    <div className="rc-stack-sm">
      <div className="rc-secret" data-testid={testId} data-revealed={revealed ? "true" : "false"}>
        {multiline ? (
          <pre className="rc-secret-code" data-testid={`${testId}-text`}>
            {text}
          </pre>
        ) : (
          <code className="rc-secret-text" data-testid={`${testId}-text`}>
            {text}
          </code>
        )}
        <div className="rc-secret-actions">
          {shown.status === "fetching" && <Spinner size="sm" aria-label={t("desktop.revealing", { what: label })} />}
          <Tooltip content={revealLabel}>
            <Button
              variant="plain"
              size="sm"
              aria-label={revealLabel}
              data-testid={`${testId}-reveal`}
              icon={revealed ? <EyeSlashIcon /> : <EyeIcon />}
              onClick={() => void toggle()}
            />
          </Tooltip>
          <CopyButton
            testId={`${testId}-copy`}
            label={t("secret.copy", { what: label })}
            {...("value" in source ? { text: source.value, secret: true } : { copySecret: source.copy })}
          />
        </div>
      </div>
      {shown.status === "failed" && (
        <Alert variant="danger" isInline isPlain data-testid={`${testId}-error`} title={t("desktop.revealFailed", { what: label, message: shown.message })} />
      )}
    </div>
  );
}
