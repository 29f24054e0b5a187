import { useState } from "react";
import { Button, Tooltip } from "@patternfly/react-core";
import { EyeIcon, EyeSlashIcon } from "@patternfly/react-icons";
import { CopyButton } from "../registries/CopyButton";
import { useT } from "../i18n/i18n";

export interface SecretTextProps {
  /** The text with the secret, copied by the copy button and shown once revealed. */
  text: string;
  /** The same text with the secret masked, shown until revealed. */
  masked: string;
  /** What this is, for the buttons' labels ("podman login line"). */
  label: string;
  testId: string;
}

/**
 * A command line or file that holds a secret: masked until the user reveals it, with a copy
 * button that always copies the real text. The text lives in React state only.
 */
export function SecretText({ text, masked, label, testId }: SecretTextProps) {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  const revealLabel = revealed ? t("credentials.hide", { what: label }) : t("credentials.reveal", { what: label });
  return (
    <div className="rc-secret" data-testid={testId} data-revealed={revealed ? "true" : "false"}>
      <pre className="rc-secret-code" data-testid={`${testId}-text`}>
        {revealed ? text : masked}
      </pre>
      <div className="rc-secret-actions">
        <Tooltip content={revealLabel}>
          <Button
            variant="plain"
            size="sm"
            aria-label={revealLabel}
            data-testid={`${testId}-reveal`}
            icon={revealed ? <EyeSlashIcon /> : <EyeIcon />}
            onClick={() => setRevealed((r) => !r)}
          />
        </Tooltip>
        <span data-testid={`${testId}-copy`}>
          <CopyButton text={text} label={t("credentials.copy", { what: label })} />
        </span>
      </div>
    </div>
  );
}
