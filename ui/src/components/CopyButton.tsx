import { useEffect, useState } from "react";
import { Button, Tooltip } from "@patternfly/react-core";
import { CopyIcon } from "@patternfly/react-icons";
import { commands } from "../bindings/commands";
import type { SecretCopied } from "../bindings/SecretCopied";
import { toUiError } from "../errors";
import { useT } from "../i18n/i18n";

export interface CopyButtonProps {
  /** What the button copies: a digest or a URL, or a secret the window already shows. */
  text?: string;
  label: string;
  /**
   * `text` is a secret: the backend copies it and clears the clipboard again later, and the
   * button says when.
   */
  secret?: boolean;
  /** Copies a secret the backend holds (the window never gets it); wins over `text`. */
  copySecret?: () => Promise<SecretCopied>;
  testId?: string;
}

type Copied = { kind: "plain" } | { kind: "secret"; seconds: number } | { kind: "failed"; message: string };

/**
 * The app's one copy button. A plain value goes through the webview's clipboard; a secret goes
 * through the backend, which clears it from the clipboard after a while if it is still there.
 */
export function CopyButton({ text, label, secret, copySecret, testId }: CopyButtonProps) {
  const t = useT();
  const [copied, setCopied] = useState<Copied | null>(null);
  useEffect(() => {
    if (!copied) return;
    // Long enough to read the clearing notice; the clearing itself is the backend's.
    const timer = setTimeout(() => setCopied(null), copied.kind === "plain" ? 2000 : 5000);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      if (copySecret || secret) {
        const result = copySecret ? await copySecret() : await commands.copySecret(text ?? "");
        setCopied({ kind: "secret", seconds: result.clearsInSeconds });
      } else {
        await navigator.clipboard?.writeText(text ?? "");
        setCopied({ kind: "plain" });
      }
    } catch (reason) {
      setCopied({ kind: "failed", message: toUiError(reason).message });
    }
  };

  const notice =
    copied?.kind === "secret"
      ? t("desktop.copiedCleared", { seconds: String(copied.seconds) })
      : copied?.kind === "failed"
        ? t("desktop.copyFailed", { message: copied.message })
        : copied?.kind === "plain"
          ? t("copy.copied")
          : null;
  return (
    <span className="rc-copy" data-testid={testId}>
      <Tooltip content={notice ?? label}>
        <Button variant="plain" size="sm" aria-label={label} icon={<CopyIcon />} onClick={() => void copy()} />
      </Tooltip>
      {copied && copied.kind !== "plain" && (
        <span
          role="status"
          className={copied.kind === "failed" ? "rc-copy-notice rc-copy-notice--failed" : "rc-copy-notice"}
          data-testid={testId ? `${testId}-notice` : undefined}
        >
          {notice}
        </span>
      )}
    </span>
  );
}
