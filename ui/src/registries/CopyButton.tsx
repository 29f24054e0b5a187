import { useEffect, useState } from "react";
import { Button, Tooltip } from "@patternfly/react-core";
import { CopyIcon } from "@patternfly/react-icons";
import { useT } from "../i18n/i18n";

/** A small copy button for a value shown shortened (a digest); the tooltip confirms the copy. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Tooltip content={copied ? t("copy.copied") : label}>
      <Button
        variant="plain"
        size="sm"
        aria-label={label}
        icon={<CopyIcon />}
        onClick={() => {
          void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined);
        }}
      />
    </Tooltip>
  );
}
