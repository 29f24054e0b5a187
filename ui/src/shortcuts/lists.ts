/**
 * "The current list" for Ctrl+F and F5. A page may show several lists (the Registries page:
 * repositories and a repository's tags); the current one is the one nearest the focus, and
 * with nothing focused the first on the page. An open dialog is the only place looked in.
 */

/** A list's reload, registered while the list is on screen. */
interface ReloadTarget {
  element: () => HTMLElement | null;
  reload: () => void;
}

const reloadTargets = new Set<ReloadTarget>();

/** Registers a list's reload; returns the unregister. */
export function registerReload(element: () => HTMLElement | null, reload: () => void): () => void {
  const target = { element, reload };
  reloadTargets.add(target);
  return () => reloadTargets.delete(target);
}

/**
 * Inputs that filter a list: PatternFly's search inputs (a text input group with the search
 * icon; the app uses text input groups for nothing else), or anything marked as one.
 */
const FILTER_SELECTOR = "[data-list-filter], .pf-v6-c-text-input-group__main.pf-m-icon input";

/** Where to look: the open modal dialog (the rest of the page is inert then), else the page. */
function scope(doc: Document): ParentNode {
  const dialogs = doc.querySelectorAll<HTMLElement>('[role="dialog"][aria-modal="true"]');
  return dialogs.length ? (dialogs[dialogs.length - 1] as HTMLElement) : doc;
}

function depth(node: Node | null): number {
  let n = 0;
  for (let at = node; at; at = at.parentNode) n++;
  return n;
}

/** How deep the nearest ancestor `a` and `b` share is: deeper means closer together. */
function closeness(a: Node, b: Node | null): number {
  if (!b) return 0;
  let at: Node | null = a;
  while (at && !at.contains(b)) at = at.parentNode;
  return depth(at);
}

/** Of `candidates` (in document order), the one nearest the focused element; ties: the first. */
export function nearestToFocus<T>(candidates: readonly T[], node: (c: T) => Node, focused: Element | null): T | null {
  let best: T | null = null;
  let bestScore = -1;
  for (const c of candidates) {
    const score = closeness(node(c), focused);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

/** Not in a hidden tab panel or behind a modal (PatternFly marks those `hidden`/`aria-hidden`). */
function shown(element: HTMLElement): boolean {
  return !element.closest("[hidden], [aria-hidden='true']");
}

/** Ctrl+F: focuses (and selects) the current list's filter; false when there is none. */
export function focusCurrentFilter(doc: Document = document): boolean {
  const inputs = [...scope(doc).querySelectorAll<HTMLInputElement>(FILTER_SELECTOR)].filter(
    (input) => !input.disabled && shown(input),
  );
  const input = nearestToFocus(inputs, (i) => i, doc.activeElement);
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}

/** F5: reloads the current list; false when no list on screen can be reloaded. */
export function reloadCurrentList(doc: Document = document): boolean {
  const within = scope(doc);
  const targets = [...reloadTargets]
    .map((target) => ({ target, element: target.element() }))
    .filter((x): x is { target: ReloadTarget; element: HTMLElement } => !!x.element && within.contains(x.element))
    .sort((a, b) => (a.element.compareDocumentPosition(b.element) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const chosen = nearestToFocus(targets, (x) => x.element, doc.activeElement);
  if (!chosen) return false;
  chosen.target.reload();
  return true;
}

/**
 * ↑/↓ inside a list of rows: moves the focus from the row holding it (or from the list's
 * filter, ↓ only) to the next or previous row's `rowSelector` element. Returns whether the
 * key was used (the caller then prevents the page from scrolling).
 */
export function moveRowFocus(
  key: string,
  from: Element,
  rows: readonly HTMLElement[],
  filter: Element | null,
): boolean {
  if (key !== "ArrowDown" && key !== "ArrowUp") return false;
  if (rows.length === 0) return false;
  if (filter && (from === filter || filter.contains(from))) {
    if (key !== "ArrowDown") return false;
    focusRow(rows[0] as HTMLElement);
    return true;
  }
  const at = rows.findIndex((row) => row === from || row.contains(from) || from.contains(row));
  if (at < 0) return false;
  const next = key === "ArrowDown" ? at + 1 : at - 1;
  const target = rows[next];
  if (!target) return true;
  focusRow(target);
  return true;
}

function focusRow(row: HTMLElement): void {
  row.focus();
  row.scrollIntoView?.({ block: "nearest" });
}
