// The first frame is on screen by the time the second animation frame runs: tell the shell.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("ready")));
