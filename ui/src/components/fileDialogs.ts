// The native open and save dialogs (Tauri's dialog plugin: GTK's file chooser on Linux, the
// system panels on macOS and Windows). Every file the user opens or saves goes through here, so
// no page asks for a typed path. The backend gets the chosen absolute path and does the reading
// or writing itself: the webview never holds the file's bytes when they carry a secret.
import { open, save, type DialogFilter } from "@tauri-apps/plugin-dialog";

export type { DialogFilter };

/** What the dialog shows: its title, the file types offered first and a suggested name or folder. */
export interface FileDialogOptions {
  title?: string;
  filters?: DialogFilter[];
  /** A file name (save) or a folder/file to start in. */
  defaultPath?: string;
}

/** Asks for a file to save to; `null` when the user cancels. The dialog asks before overwriting. */
export async function pickSavePath(options: FileDialogOptions = {}): Promise<string | null> {
  return save({ ...options, canCreateDirectories: true });
}

/** Asks for one existing file to open; `null` when the user cancels. */
export async function pickOpenPath(options: FileDialogOptions = {}): Promise<string | null> {
  const chosen = await open({ ...options, multiple: false, directory: false });
  return typeof chosen === "string" ? chosen : null;
}

/** Asks for one or more existing files to open; empty when the user cancels. */
export async function pickOpenPaths(options: FileDialogOptions = {}): Promise<string[]> {
  const chosen = await open({ ...options, multiple: true, directory: false });
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

/** The last part of a path the dialog gave ("/home/me/ca.crt" -> "ca.crt"), for labels. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** Asks for a folder; `null` when the user cancels. */
export async function pickFolder(options: FileDialogOptions = {}): Promise<string | null> {
  const chosen = await open({ ...options, multiple: false, directory: true });
  return typeof chosen === "string" ? chosen : null;
}
