import { CopyButton } from "./CopyButton";

/**
 * A command the user copies and runs (a `podman login` line): shown whole, wrapped, with a
 * plain copy button. It holds no secret: a command with a secret in it would end up in the
 * shell's history.
 */
export function CommandLine({ command, label, testId }: { command: string; label: string; testId: string }) {
  return (
    <div className="rc-secret" data-testid={testId}>
      <pre className="rc-secret-code" data-testid={`${testId}-text`}>
        {command}
      </pre>
      <div className="rc-secret-actions">
        <CopyButton text={command} label={label} testId={`${testId}-copy`} />
      </div>
    </div>
  );
}
