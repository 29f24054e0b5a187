// English strings of the desktop habits: secrets copied by the backend and cleared from the
// clipboard, secrets fetched only when revealed.
export const desktopEn = {
  "desktop.copiedCleared": "Copied — cleared in {seconds} s",
  "desktop.copyFailed": "Could not copy: {message}",
  "desktop.revealFailed": "Could not show the {what}: {message}",
  "desktop.browse": "Browse…",
  "desktop.revealing": "Fetching the {what}…",
};
