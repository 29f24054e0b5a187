import { useState } from "react";
import { Button } from "@patternfly/react-core";
import { EyeIcon, EyeSlashIcon } from "@patternfly/react-icons";
import { useT } from "../i18n/i18n";
import { CopyButton } from "../registries/CopyButton";

/**
 * A secret (a token, a pull secret's YAML) masked until revealed, with a copy button that
 * copies the real value either way. It lives in this component's state only.
 */
export function SecretValue({ value, label, testId, multiline }: { value: string; label: string; testId: string; multiline?: boolean }) {
  const t = useT();
  const [shown, setShown] = useState(false);
  const masked = "•".repeat(Math.min(40, Math.max(12, value.length)));
  return (
    <div className="rc-secret" data-testid={testId}>
      {shown && multiline ? (
        <pre className="rc-secret-text" data-testid={`${testId}-text`}>
          {value}
        </pre>
      ) : (
        <code className="rc-secret-text" data-testid={`${testId}-text`}>
          {shown ? value : masked}
        </code>
      )}
      <div className="rc-secret-actions">
        <Button
          variant="plain"
          size="sm"
          aria-label={shown ? t("secret.hide", { what: label }) : t("secret.reveal", { what: label })}
          data-testid={`${testId}-reveal`}
          icon={shown ? <EyeSlashIcon /> : <EyeIcon />}
          onClick={() => setShown(!shown)}
        />
        <CopyButton text={value} label={t("secret.copy", { what: label })} />
      </div>
    </div>
  );
}

