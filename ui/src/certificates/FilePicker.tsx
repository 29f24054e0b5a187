import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { Button } from "@patternfly/react-core";
import { UploadIcon } from "@patternfly/react-icons";
import { CERT_FILE_ACCEPT } from "./files";

/**
 * A visually hidden `<input type="file">` behind a button: WebDriver and assistive tools reach
 * the input itself, the user sees a PatternFly button.
 */
export function FileButton({
  testId,
  label,
  multiple = false,
  accept = CERT_FILE_ACCEPT,
  onFiles,
  variant = "secondary",
  inputLabel,
}: {
  testId: string;
  label: string;
  multiple?: boolean;
  accept?: string;
  onFiles: (files: File[]) => void;
  variant?: "secondary" | "link" | "tertiary";
  inputLabel: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        className="rc-file-input"
        data-testid={`${testId}-input`}
        aria-label={inputLabel}
        multiple={multiple}
        accept={accept}
        tabIndex={-1}
        onChange={(e) => {
          const files = e.currentTarget.files ? [...e.currentTarget.files] : [];
          // Cleared so that opening the same file again fires a change too.
          e.currentTarget.value = "";
          if (files.length) onFiles(files);
        }}
      />
      <Button variant={variant} icon={<UploadIcon />} data-testid={testId} onClick={() => input.current?.click()}>
        {label}
      </Button>
    </>
  );
}

/** An area that takes files dropped on it (HTML5 drag and drop; Tauri's own handler is off). */
export function DropZone({ onFiles, children, testId }: { onFiles: (files: File[]) => void; children: ReactNode; testId: string }) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes("Files");
  return (
    <div
      className={over ? "rc-drop-zone rc-drop-zone--over" : "rc-drop-zone"}
      data-testid={testId}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = e.dataTransfer?.files ? [...e.dataTransfer.files] : [];
        if (files.length) onFiles(files);
      }}
    >
      {children}
    </div>
  );
}
