/**
 * The app's keyboard shortcuts and the one rule for when a key press is one: never while an
 * input method composes (Japanese input turns key presses into text, and Enter or `?` there
 * belong to the IME), and never while typing in a field, except the few that are meant to
 * work from anywhere (Ctrl+K, Ctrl+F, F5; Esc is the dialogs' own).
 */

/** What a shortcut does. */
export type ShortcutId = "quickSwitcher" | "focusFilter" | "reload" | "help";

/** The subset of `KeyboardEvent` the rule reads (so tests and React events both fit). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  isComposing?: boolean;
  keyCode?: number;
  target: EventTarget | null;
}

/** keyCode browsers report for every key press an IME takes (WebKitGTK included). */
const IME_KEY_CODE = 229;

/** Whether an input method is composing text with this key press. */
export function isComposing(event: Pick<KeyPress, "isComposing" | "keyCode">): boolean {
  return event.isComposing === true || event.keyCode === IME_KEY_CODE;
}

/** Whether the key press goes into a field the user types in (text, select, editable). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== "function") return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  const tag = element.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  // Buttons, checkboxes and radios take no text: a shortcut there is not typing.
  const type = ((element as HTMLInputElement).type || "text").toLowerCase();
  return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file", "image"].includes(type);
}

/** The shortcut a key press is, or null when it is none (or must not fire now). */
export function shortcutFor(event: KeyPress): ShortcutId | null {
  if (isComposing(event)) return null;
  const key = event.key;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && !event.altKey && (key === "k" || key === "K")) return "quickSwitcher";
  if (ctrl && !event.altKey && (key === "f" || key === "F")) return "focusFilter";
  if (key === "F5" && !ctrl && !event.altKey) return "reload";
  if (key === "?" && !ctrl && !event.altKey && !isTypingTarget(event.target)) return "help";
  return null;
}

/** The shortcuts as the help dialog lists them: keys and the message that says what they do. */
export const SHORTCUT_LIST = [
  { keys: ["Ctrl", "K"], what: "shortcuts.quickSwitcher" },
  { keys: ["Ctrl", "F"], what: "shortcuts.focusFilter" },
  { keys: ["F5"], what: "shortcuts.reload" },
  { keys: ["↑", "↓"], what: "shortcuts.arrows" },
  { keys: ["Enter"], what: "shortcuts.enter" },
  { keys: ["Esc"], what: "shortcuts.escape" },
  { keys: ["?"], what: "shortcuts.help" },
] as const;
