import { useEffect } from "react";

const DARK_CLASS = "pf-v6-theme-dark";

/** Follows the system's light/dark setting, including changes while the app runs. */
export function useSystemTheme(): void {
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => document.documentElement.classList.toggle(DARK_CLASS, query.matches);
    apply();
    query.addEventListener("change", apply);
    return () => query.removeEventListener("change", apply);
  }, []);
}
