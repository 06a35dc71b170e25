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

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Files looked at, or sort steps taken, between two yields to the event loop:
 *  a picked folder may hold 200,000 files, and looking at them all at once
 *  (each File's path is a call into the browser) or sorting them in one go
 *  blocks the page for a second. A slice takes a few milliseconds. */
export const SLICE = 8192;

/** Lets the page handle its events (a macrotask; scheduler.yield where the browser has it). */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Sorts items by compare without a long task: runs of SLICE items sorted
 * each in a slice, then merged pairwise, yielding every SLICE steps. The
 * result is the same as items.sort(compare) (stable too).
 */
export async function sortInSlices<T>(items: T[], compare: (a: T, b: T) => number): Promise<T[]> {
  if (items.length <= SLICE) return items.sort(compare);
  let runs: T[][] = [];
  for (let at = 0; at < items.length; at += SLICE) {
    runs.push(items.slice(at, at + SLICE).sort(compare));
    await yieldToPage();
  }
  let steps = 0;
  while (runs.length > 1) {
    const merged: T[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r]!;
      const b = runs[r + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      const out: T[] = new Array(a.length + b.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length || j < b.length) {
        // Ties take a's item first: a holds the earlier items, so the sort is stable.
        out[k++] = j >= b.length || (i < a.length && compare(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!;
        if (++steps % SLICE === 0) await yieldToPage();
      }
      merged.push(out);
    }
    runs = merged;
  }
  return runs[0]!;
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

/** Files asked of a dropped folder's handles at once (getFile is a round trip
 *  to the browser; one at a time, the page would wait on each). */
export const GETS_IN_FLIGHT = 64;

/** What the drop uses of the File System Access API (Chromium's
 *  DataTransferItem.getAsFileSystemHandle; not in TypeScript's DOM library). */
interface DirectoryHandle {
  kind: "directory";
  name: string;
  values(): AsyncIterable<DirectoryHandle | FileHandle>;
}
interface FileHandle {
  kind: "file";
  name: string;
  getFile(): Promise<File>;
}
type HandleOf = (this: DataTransferItem) => Promise<DirectoryHandle | FileHandle | null>;

/** A dropped file found through handles: its path, and whether it is inside a folder. */
interface Found {
  handle: FileHandle;
  path: string;
  inFolder: boolean;
}

/** A file found through a handle: taken, or skipped (inside a folder, by its extension). */
function foundFile(handle: FileHandle, path: string, inFolder: boolean, found: (Found | null)[], picked: Picked): void {
  if (inFolder && !takeFromFolder(path)) picked.skipped.push(path);
  else found.push({ handle, path, inFolder });
}

/** Lists a dropped handle's files (a folder's, recursively). */
async function listHandle(handle: DirectoryHandle | FileHandle, path: string, inFolder: boolean, found: (Found | null)[], picked: Picked): Promise<void> {
  if (handle.kind === "file") {
    foundFile(handle, path, inFolder, found, picked);
    return;
  }
  const children: (DirectoryHandle | FileHandle)[] = [];
  try {
    for await (const child of handle.values()) {
      children.push(child);
      // The browser may hand the entries over all at once, each a microtask.
      if (children.length % SLICE === 0) await yieldToPage();
    }
  } catch (err) {
    throw new Error(`${path}: the folder cannot be listed (${err instanceof Error ? err.message : String(err)})`);
  }
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.kind === "directory") await listHandle(child, `${path}/${child.name}`, true, found, picked);
    else foundFile(child, `${path}/${child.name}`, true, found, picked);
    if ((i + 1) % SLICE === 0) await yieldToPage();
  }
}

/** The Files of the handles found, GETS_IN_FLIGHT asked at a time. Such a File
 *  knows its size and date (no round trip to ask them later). */
async function filesOfHandles(found: (Found | null)[], picked: Picked): Promise<void> {
  const files: PickedFile[] = new Array(found.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < found.length) {
      const i = next++;
      const { handle, path, inFolder } = found[i]!;
      // Let go of the handle once asked: freeing 200,000 of them at once is
      // a garbage collection of seconds on the page's thread.
      found[i] = null;
      try {
        files[i] = { file: await handle.getFile(), name: inFolder ? path : handle.name };
      } catch (err) {
        throw new Error(`${path}: cannot be read (${err instanceof Error ? err.message : String(err)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(GETS_IN_FLIGHT, found.length) }, lane));
  // Not push(...files): 200,000 arguments overflow the stack.
  picked.files = picked.files.concat(files);
}

/**
 * Files from a drop. Must be called synchronously in the drop handler: the
 * DataTransfer items are only valid during the event; the walk itself is async.
 * Where the browser gives the dropped items' handles (Chromium), a folder is
 * listed through them and its files asked for many at a time: for 20,000 files
 * 0.15 ms each, against 0.4 ms each through the entries (webkitGetAsEntry),
 * whose files are asked for one at a time (asking many at once blocks the page
 * for seconds in Chromium). Other browsers walk the entries.
 */
export function filesFromDrop(data: DataTransfer): Promise<Picked> {
  const items = Array.from(data.items).filter((item) => item.kind === "file");
  const handleOf = (DataTransferItem.prototype as { getAsFileSystemHandle?: unknown }).getAsFileSystemHandle;
  const handles = typeof handleOf === "function" ? items.map((item) => (handleOf as HandleOf).call(item).catch(() => null)) : null;
  const entries: FileSystemEntry[] = [];
  let fallback = false;
  for (const item of items) {
    const entry = typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else fallback = true;
  }
  const files = Array.from(data.files).map((file) => ({ file, name: file.name }));
  return (async () => {
    const picked: Picked = { files: [], skipped: [] };
    const got = handles && items.length > 0 ? await Promise.all(handles) : [];
    if (got.length > 0 && got.every((h) => h !== null)) {
      const found: (Found | null)[] = [];
      for (const handle of got) await listHandle(handle!, handle!.name, false, found, picked);
      await filesOfHandles(found, picked);
    } else if (fallback || entries.length === 0) {
      picked.files.push(...files);
    } else {
      for (const entry of entries) await walk(entry, false, picked);
    }
    picked.files = await sortInSlices(picked.files, byName);
    picked.skipped = await sortInSlices(picked.skipped, byString);
    return picked;
  })();
}

/** Files from <input type="file" multiple> (all taken) or with webkitdirectory
 *  (filtered), looked at and sorted in slices (see SLICE). The input must keep
 *  its files until this resolves: reset its value after. */
export async function filesFromInput(list: FileList | null, folder: boolean): Promise<Picked> {
  const picked: Picked = { files: [], skipped: [] };
  const count = list?.length ?? 0;
  for (let i = 0; i < count; i++) {
    const file = list!.item(i)!;
    const name = (folder && file.webkitRelativePath) || file.name;
    if (folder && !takeFromFolder(name)) picked.skipped.push(name);
    else picked.files.push({ file, name });
    if ((i + 1) % SLICE === 0) await yieldToPage();
  }
  picked.files = await sortInSlices(picked.files, byName);
  picked.skipped = await sortInSlices(picked.skipped, byString);
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
