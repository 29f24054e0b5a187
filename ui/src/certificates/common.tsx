import { useState } from "react";
import {
  ClipboardCopy,
  ClipboardCopyButton,
  CodeBlock,
  CodeBlockAction,
  CodeBlockCode,
} from "@patternfly/react-core";
import { useT } from "../i18n/i18n";
import { loaded, useLoad } from "../hooks/useLoad";
import { homeDirectory } from "./files";

/** The user's home directory once Tauri tells it ("" until then, or when it cannot). */
export function useHomeDir(): string {
  const [home] = useLoad(homeDirectory, []);
  return loaded(home, "") ?? "";
}

/** A default path in the home directory, or "" when the home is not known. */
export function inHome(home: string, name: string): string {
  return home ? `${home}/${name}` : "";
}

/** A command ready to copy; several lines show as a code block with one copy button. */
export function CopyCommand({ text, label, testId }: { text: string; label: string; testId: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  if (!text.includes("\n")) {
    return (
      <ClipboardCopy
        isReadOnly
        isCode
        variant="inline-compact"
        isBlock
        hoverTip={t("instructions.copy")}
        clickTip={t("instructions.copied")}
        textAriaLabel={label}
        toggleAriaLabel={label}
        data-testid={testId}
        className="rc-copy-command"
      >
        {text}
      </ClipboardCopy>
    );
  }
  return (
    <CodeBlock
      data-testid={testId}
      className="rc-copy-command"
      actions={
        <CodeBlockAction>
          <ClipboardCopyButton
            id={`${testId}-copy`}
            textId={`${testId}-code`}
            aria-label={label}
            variant="plain"
            exitDelay={copied ? 1500 : 600}
            onTooltipHidden={() => setCopied(false)}
            onClick={() => {
              void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => undefined);
            }}
          >
            {copied ? t("instructions.copied") : t("instructions.copy")}
          </ClipboardCopyButton>
        </CodeBlockAction>
      }
    >
      <CodeBlockCode id={`${testId}-code`}>{text}</CodeBlockCode>
    </CodeBlock>
  );
}
