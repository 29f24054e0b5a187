// English strings of the keyboard shortcuts: the quick switcher (Ctrl+K) and the list of
// shortcuts (?), merged into `en`.
export const shortcutsEn = {
  "shortcuts.open": "Keyboard shortcuts",
  "shortcuts.title": "Keyboard shortcuts",
  "shortcuts.intro": "Shortcuts do nothing while you type in a field (except Ctrl+K, Ctrl+F, F5 and Esc) or while an input method is composing.",
  "shortcuts.columnKeys": "Keys",
  "shortcuts.columnAction": "What it does",
  "shortcuts.tableLabel": "Keyboard shortcuts",
  "shortcuts.quickSwitcher": "Quick switcher: jump to a connection, repository, project or page",
  "shortcuts.focusFilter": "Go to the filter of the current list",
  "shortcuts.reload": "Reload the current list",
  "shortcuts.arrows": "Move through the repository list and the tag list",
  "shortcuts.enter": "Open: a repository shows its tags, a tag its manifest details",
  "shortcuts.escape": "Close the dialog",
  "shortcuts.help": "Show this list",

  "switcher.title": "Quick switcher",
  "switcher.inputLabel": "Jump to",
  "switcher.placeholder": "Type a connection, repository, project or page",
  "switcher.listLabel": "Matches",
  "switcher.none": "Nothing matches “{text}”.",
  "switcher.hint": "↑ ↓ to choose, Enter to open, Esc to close",
  "switcher.kind.page": "Page",
  "switcher.kind.connection": "Connection",
  "switcher.kind.repository": "Repository",
  "switcher.kind.project": "Project",
  "switcher.more": "{count} more: type to narrow the list.",
} as const;
