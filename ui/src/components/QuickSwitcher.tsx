import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import "../shortcuts/shortcuts.css";
import { Label, Modal, ModalBody, ModalHeader, TextInput } from "@patternfly/react-core";
import { commands } from "../bindings/commands";
import type { Connection } from "../bindings/Connection";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/en";
import { isComposing } from "../shortcuts/keys";
import { recentManifests, rememberRepositories, seenProjects, seenRepositories, subscribeSeen } from "../shortcuts/seen";
import { filterEntries, PAGES, switcherEntries, type EntryKind, type Jump } from "../shortcuts/switcher";

/**
 * Rows shown at once: more are reached by typing, not by scrolling through thousands. The list
 * never scrolls by itself (the focus stays in the field, and a scrolling region with nothing
 * focusable in it is out of reach of the keyboard).
 */
export const SWITCHER_LIMIT = 12;

const KIND_LABEL: Record<EntryKind, MessageKey> = {
  page: "switcher.kind.page",
  connection: "switcher.kind.connection",
  manifest: "switcher.kind.manifest",
  repository: "switcher.kind.repository",
  project: "switcher.kind.project",
};

const KIND_COLOR: Record<EntryKind, "blue" | "purple" | "teal" | "orange" | "green"> = {
  page: "blue",
  connection: "purple",
  manifest: "green",
  repository: "teal",
  project: "orange",
};

export interface QuickSwitcherProps {
  connections: readonly Connection[];
  onJump: (jump: Jump) => void;
  onClose: () => void;
}

/**
 * Ctrl+K: one field that jumps to any page, connection, repository seen or project seen.
 * Typing narrows the list, ↑/↓ choose, Enter opens, Esc closes (the modal's own). The field is
 * a combobox whose active option follows the arrows, as screen readers expect.
 */
export function QuickSwitcher({ connections, onJump, onClose }: QuickSwitcherProps) {
  const t = useT();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const [seenVersion, setSeenVersion] = useState(0);

  useEffect(() => subscribeSeen(() => setSeenVersion((n) => n + 1)), []);

  // The repositories opened by name are kept per connection in the settings: offer them too,
  // even for a registry whose catalog has not been opened in this run.
  useEffect(() => {
    let cancelled = false;
    for (const c of connections) {
      if (c.kind !== "registry") continue;
      commands.registryRecentRepositories(c.id).then(
        (names) => {
          if (!cancelled) rememberRepositories(c.id, names);
        },
        () => undefined,
      );
    }
    return () => {
      cancelled = true;
    };
  }, [connections]);

  const entries = useMemo(
    () =>
      switcherEntries({
        pages: PAGES.map((p) => ({ area: p.area, label: t(p.label) })),
        connections,
        repositories: seenRepositories,
        projects: seenProjects,
        manifests: recentManifests,
      }),
    // A newly seen name (a catalog page arriving) makes the list again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [connections, seenVersion, t],
  );
  const { shown, total } = useMemo(() => filterEntries(entries, text, SWITCHER_LIMIT), [entries, text]);
  const activeIndex = Math.min(active, Math.max(0, shown.length - 1));
  const activeEntry = shown[activeIndex];

  const choose = (index: number) => {
    const entry = shown[index];
    if (!entry) return;
    onJump(entry.jump);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter and the arrows belong to the input method while it composes (Japanese input).
    if (isComposing(event.nativeEvent)) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(Math.min(activeIndex + 1, shown.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(Math.max(activeIndex - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();
      choose(activeIndex);
    }
  };

  return (
    <Modal
      isOpen
      variant="medium"
      position="top"
      onClose={onClose}
      aria-labelledby="quick-switcher-title"
      data-testid="quick-switcher"
    >
      <ModalHeader title={t("switcher.title")} labelId="quick-switcher-title" description={t("switcher.hint")} />
      <ModalBody>
        <TextInput
          id="quick-switcher-input"
          data-testid="quick-switcher-input"
          type="text"
          autoFocus
          role="combobox"
          aria-label={t("switcher.inputLabel")}
          aria-expanded
          aria-controls="quick-switcher-list"
          aria-autocomplete="list"
          aria-activedescendant={activeEntry ? `quick-switcher-option-${activeIndex}` : undefined}
          placeholder={t("switcher.placeholder")}
          value={text}
          onChange={(_e, value) => {
            setText(value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
        />
        <ul
          id="quick-switcher-list"
          role="listbox"
          aria-label={t("switcher.listLabel")}
          className="rc-switcher-list"
          data-testid="quick-switcher-list"
        >
          {shown.map((entry, i) => (
            // The input keeps focus; the options are chosen by pointer or by the arrows there.
            <li
              key={entry.key}
              id={`quick-switcher-option-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              data-index={i}
              data-testid="quick-switcher-option"
              data-kind={entry.kind}
              data-label={entry.label}
              className={`rc-switcher-option${i === activeIndex ? " rc-switcher-option--active" : ""}`}
              onMouseMove={() => i !== activeIndex && setActive(i)}
              onClick={() => choose(i)}
            >
              <Label isCompact color={KIND_COLOR[entry.kind]} className="rc-switcher-kind">
                {t(KIND_LABEL[entry.kind])}
              </Label>
              <span className="rc-switcher-label">{entry.label}</span>
              {entry.detail && <span className="rc-switcher-detail">{entry.detail}</span>}
            </li>
          ))}
        </ul>
        {shown.length === 0 && (
          <p className="rc-switcher-empty" data-testid="quick-switcher-none" role="status">
            {t("switcher.none", { text: text.trim() })}
          </p>
        )}
        {total > shown.length && (
          <p className="rc-count" role="status">
            {t("switcher.more", { count: total - shown.length })}
          </p>
        )}
      </ModalBody>
    </Modal>
  );
}
