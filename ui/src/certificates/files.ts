import type { InputFile } from "../bindings/InputFile";
import { fileName } from "../components/fileDialogs";

/** What the file input and the drop zone accept: PEM and DER certificates and keys. */
export const CERT_FILE_ACCEPT = ".cert,.pem,.crt,.key,.der";

/** The file types the open dialog offers first: PEM and DER certificates and keys. */
export const CERT_FILE_FILTERS = [{ name: "PEM / DER", extensions: ["cert", "pem", "crt", "key", "der"] }];

/** A file picked in the open dialog: the backend reads it from its path (capped, files only). */
export function pickedFile(path: string): InputFile {
  return { name: fileName(path), contentBase64: "", path };
}

/** Base64 of bytes, in chunks so a large file does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Reads a file the user opened or dropped as bytes (PEM or DER alike), for the backend. */
export function readInputFile(file: File): Promise<InputFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const buffer = reader.result as ArrayBuffer;
      resolve({ name: file.name, contentBase64: bytesToBase64(new Uint8Array(buffer)) });
    };
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsArrayBuffer(file);
  });
}

/** Reads several files, keeping the order given. */
export function readInputFiles(files: Iterable<File>): Promise<InputFile[]> {
  return Promise.all([...files].map(readInputFile));
}

/** The size of a file sent as base64, in bytes. */
export function decodedSize(file: InputFile): number {
  const b64 = file.contentBase64;
  const padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return Math.max(0, (b64.length * 3) / 4 - padding);
}

/** `0600` from 384: the Unix mode as `ls -l` users write it. */
export function octalMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, "0")}`;
}

/** The directory a default path goes in: the user's home, when Tauri can tell. */
export async function homeDirectory(): Promise<string | null> {
  try {
    const { homeDir } = await import("@tauri-apps/api/path");
    const home = await homeDir();
    return home ? home.replace(/\/+$/, "") : null;
  } catch {
    return null;
  }
}
