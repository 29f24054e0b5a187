import type { desktopEn } from "./desktop.en";

// Japanese strings of the desktop habits (clipboard clearing, secrets fetched on reveal).
export const desktopJa: { readonly [K in keyof typeof desktopEn]: string } = {
  "desktop.copiedCleared": "コピーしました — {seconds} 秒後にクリップボードから消去します",
  "desktop.copyFailed": "コピーできませんでした: {message}",
  "desktop.revealFailed": "{what}を表示できませんでした: {message}",
  "desktop.browse": "参照…",
  "desktop.revealing": "{what}を取得しています…",
};
