// Collecting input files from a drop, the file picker or the folder picker.
// Files dropped or picked one by one are all taken (sniffing says what they are);
// files found inside a folder are taken only by extension (see plan.takeFromFolder).

import { takeFromFolder } from "./plan";

export interface PickedFile {
  file: File;
  /** The name shown and given to the engine: the path inside a dropped folder. */
  name: string;
}

export interface Picked {
  files: PickedFile[];
  /** Paths inside folders that were not taken. */
  skipped: string[];
}

function byName(a: PickedFile, b: PickedFile): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All entries of a directory: readEntries returns them in batches until an empty one. */
async function readAll(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const out: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return out;
    out.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, inFolder: boolean, picked: Picked): Promise<void> {
  const path = entry.fullPath.replace(/^\//, "") || entry.name;
  if (entry.isDirectory) {
    for (const child of await readAll(entry as FileSystemDirectoryEntry)) await walk(child, true, picked);
    return;
  }
  if (!entry.isFile) return;
  if (inFolder && !takeFromFolder(path)) {
    picked.skipped.push(path);
    return;
  }
  try {
    picked.files.push({ file: await entryFile(entry as FileSystemFileEntry), name: inFolder ? path : entry.name });
  } catch (err) {
    throw new Error(`${path}: cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * Files from a drop. Must be called synchronously in the drop handler: the
 * DataTransfer items are only valid during the event; the walk itself is async.
 */
export function filesFromDrop(data: DataTransfer): Promise<Picked> {
  const entries: FileSystemEntry[] = [];
  let fallback = false;
  for (const item of Array.from(data.items)) {
    if (item.kind !== "file") continue;
    const entry = typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else fallback = true;
  }
  if (fallback || entries.length === 0) {
    const files = Array.from(data.files).map((file) => ({ file, name: file.name }));
    return Promise.resolve({ files: files.sort(byName), skipped: [] });
  }
  return (async () => {
    const picked: Picked = { files: [], skipped: [] };
    for (const entry of entries) await walk(entry, false, picked);
    picked.files.sort(byName);
    picked.skipped.sort();
    return picked;
  })();
}

/** Files from <input type="file" multiple> (all taken) or with webkitdirectory (filtered). */
export function filesFromInput(list: FileList | null, folder: boolean): Picked {
  const picked: Picked = { files: [], skipped: [] };
  for (const file of Array.from(list ?? [])) {
    const name = (folder && file.webkitRelativePath) || file.name;
    if (folder && !takeFromFolder(name)) picked.skipped.push(name);
    else picked.files.push({ file, name });
  }
  picked.files.sort(byName);
  picked.skipped.sort();
  return picked;
}
