import type { shortcutsEn } from "./shortcuts.en";

// Japanese strings of the keyboard shortcuts (クイックスイッチャーとショートカット一覧).
export const shortcutsJa: { readonly [K in keyof typeof shortcutsEn]: string } = {
  "shortcuts.open": "キーボードショートカット",
  "shortcuts.title": "キーボードショートカット",
  "shortcuts.intro": "フィールドに入力している間 (Ctrl+K、Ctrl+F、F5、Esc を除く) と、日本語入力の変換中は、ショートカットは働きません。",
  "shortcuts.columnKeys": "キー",
  "shortcuts.columnAction": "操作",
  "shortcuts.tableLabel": "キーボードショートカット",
  "shortcuts.quickSwitcher": "クイックスイッチャー: 接続、リポジトリー、プロジェクト、ページに移動します",
  "shortcuts.focusFilter": "表示中の一覧のフィルターに移動します",
  "shortcuts.reload": "表示中の一覧を再読み込みします",
  "shortcuts.arrows": "リポジトリーの一覧とタグの一覧を移動します",
  "shortcuts.enter": "開きます: リポジトリーはタグを、タグはマニフェストの詳細を表示します",
  "shortcuts.escape": "ダイアログを閉じます",
  "shortcuts.help": "この一覧を表示します",

  "switcher.title": "クイックスイッチャー",
  "switcher.inputLabel": "移動先",
  "switcher.placeholder": "接続、リポジトリー、プロジェクト、ページの名前を入力します",
  "switcher.listLabel": "候補",
  "switcher.none": "「{text}」に一致するものはありません。",
  "switcher.hint": "↑ ↓ で選択、Enter で開く、Esc で閉じます",
  "switcher.kind.page": "ページ",
  "switcher.kind.connection": "接続",
  "switcher.kind.repository": "リポジトリー",
  "switcher.kind.project": "プロジェクト",
  "switcher.more": "ほかに {count} 件あります。入力して絞り込んでください。",
} as const;
