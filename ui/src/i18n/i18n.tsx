import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { Language } from "../bindings/Language";
import { en, type MessageKey, type Messages } from "./en";
import { ja } from "./ja";

/** A language the UI has strings for; "system" is resolved to one of these. */
export type UiLanguage = "en" | "ja";

export const catalogs: Record<UiLanguage, Messages> = { en, ja };

/** "system" follows the OS locale: any `ja*` tag means Japanese, everything else English. */
export function resolveLanguage(preference: Language, systemLocale: string): UiLanguage {
  if (preference === "en" || preference === "ja") return preference;
  return systemLocale.trim().toLowerCase().startsWith("ja") ? "ja" : "en";
}

export type Params = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{name}` placeholders a message uses, sorted (for the completeness test). */
export function placeholders(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").sort();
}

/** Fills `{name}` placeholders; an unknown placeholder is left as written so it shows up. */
export function interpolate(message: string, params?: Params): string {
  if (!params) return message;
  return message.replace(PLACEHOLDER, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Like `interpolate`, but a parameter may be an element (a path in <code>, a link). */
export function interpolateNodes(message: string, params: Record<string, ReactNode>): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of message.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? "";
    const at = m.index ?? 0;
    if (at > last) out.push(message.slice(last, at));
    out.push(name in params ? <span key={`${name}-${at}`}>{params[name]}</span> : m[0]);
    last = at + m[0].length;
  }
  if (last < message.length) out.push(message.slice(last));
  return out;
}

export type Translate = ((key: MessageKey, params?: Params) => string) & {
  nodes: (key: MessageKey, params: Record<string, ReactNode>) => ReactNode[];
  language: UiLanguage;
};

const I18nContext = createContext<UiLanguage>("en");

export function I18nProvider({ language, children }: { language: UiLanguage; children: ReactNode }) {
  return <I18nContext.Provider value={language}>{children}</I18nContext.Provider>;
}

export function makeTranslate(language: UiLanguage): Translate {
  const messages = catalogs[language];
  const t = ((key: MessageKey, params?: Params) => interpolate(messages[key], params)) as Translate;
  t.nodes = (key, params) => interpolateNodes(messages[key], params);
  t.language = language;
  return t;
}

/** The translate function for the language in force. */
export function useT(): Translate {
  const language = useContext(I18nContext);
  return useMemo(() => makeTranslate(language), [language]);
}
