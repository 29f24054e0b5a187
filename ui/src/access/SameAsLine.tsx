import { useT } from "../i18n/i18n";
import { CopyButton } from "../components/CopyButton";

/**
 * "Same as: oc …": the command a form amounts to, with the form's current values in it (never
 * a `<placeholder>`), and a button that copies it. The values are shell-quoted by the caller
 * (see `shellQuote`): names come from the server and from typing, and a pasted line must not
 * run anything the user did not read.
 */
export function SameAsLine({ command, testId }: { command: string; testId: string }) {
  const t = useT();
  return (
    <div className="rc-same-as" data-testid={`${testId}-line`}>
      <span className="rc-subtle">{t("access.grant.preview")}</span>{" "}
      <code className="rc-mono" data-testid={testId}>
        {command}
      </code>
      <CopyButton text={command} label={t("access.sameAs.copy")} />
    </div>
  );
}
