import { useEffect, useRef, type RefObject } from "react";
import { shortcutFor, type ShortcutId } from "../shortcuts/keys";
import { registerReload } from "../shortcuts/lists";

/**
 * The app-wide shortcuts: one keydown listener on the window (capture phase, so F5 and
 * Ctrl+F are kept from the webview before anything else sees them). A shortcut with no
 * handler is left alone.
 */
export function useGlobalShortcuts(handlers: Partial<Record<ShortcutId, () => void>>): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const id = shortcutFor(event);
      if (!id) return;
      const handler = current.current[id];
      // F5 must never reload the webview (that would drop the app's state), handled or not.
      if (id === "reload") event.preventDefault();
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, []);
}

/** Makes `reload` what F5 does while this list is the current one (see `shortcuts/lists`). */
export function useReloadShortcut(ref: RefObject<HTMLElement | null>, reload: () => void): void {
  const current = useRef(reload);
  current.current = reload;
  useEffect(() => registerReload(() => ref.current, () => current.current()), [ref]);
}
