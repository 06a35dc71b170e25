// Collecting input files from a drop, the file picker or the folder picker.
// Files dropped or picked one by one are all taken (sniffing says what they are);
// files found inside a folder are taken only by extension (see plan.takeFromFolder).

import { SMALL_FILE, takeFromFolder } from "./plan";

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

/** A dropped folder's small files, read as one input in batches (see plan.batchFiles). */
export interface FolderGroup {
  /** The folder's name and "/", as the native command names a folder input. */
  name: string;
  /** Its files in name order; each name is the file's path in the dropped folder. */
  members: PickedFile[];
  /** Whether the members' sizes were checked (and so are known without a cost). */
  sized: boolean;
}

function delimitedName(name: string): boolean {
  return /\.(csv|tsv|tab|psv)(\.gz)?$/i.test(name);
}

/** Folders of up to this many files have their files' sizes checked when they are
 *  grouped. A File from a folder picker learns its size through a synchronous
 *  round trip to the browser (about 0.3 ms each in Chromium): a minute for
 *  200,000 files, on the page's thread. A bigger folder is taken as small files. */
export const SIZE_CHECK_MAX = 1000;

/**
 * Groups the small files of each dropped folder (up to SMALL_FILE bytes, not CSV
 * or TSV, which need a dialect each) into one input per top-level folder, as the
 * native command reads a folder: 200,000 one-tweet files become one input, not
 * 200,000. A folder with a single small file keeps it as a file of its own, and so
 * do big files (they are split into ranges). Sizes are checked only in folders of
 * up to SIZE_CHECK_MAX files (see there); in a bigger folder every file that is
 * not CSV goes to the group, and a big one among them is still read in chunks.
 */
export function groupFolders(files: PickedFile[]): { singles: PickedFile[]; groups: FolderGroup[] } {
  const byFolder = new Map<string, PickedFile[]>();
  const singles: PickedFile[] = [];
  for (const f of files) {
    const slash = f.name.indexOf("/");
    if (slash <= 0 || delimitedName(f.name)) {
      singles.push(f);
      continue;
    }
    const folder = f.name.slice(0, slash + 1);
    let list = byFolder.get(folder);
    if (!list) byFolder.set(folder, (list = []));
    list.push(f);
  }
  const groups: FolderGroup[] = [];
  for (const [name, all] of byFolder) {
    const members = all.length <= SIZE_CHECK_MAX ? all.filter((f) => f.file.size <= SMALL_FILE) : all;
    if (all.length <= SIZE_CHECK_MAX) singles.push(...all.filter((f) => f.file.size > SMALL_FILE));
    if (members.length < 2) singles.push(...members);
    else groups.push({ name, members, sized: all.length <= SIZE_CHECK_MAX });
  }
  singles.sort(byName);
  groups.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { singles, groups };
}
