// The page's reading of a folder task's files, for the worker that runs it.
//
// Why the page reads them, not the worker: in Chromium a File from a folder
// picker does not know its size until asked, and asking is a synchronous round
// trip to the browser process. Posting such a File to a worker asks (about
// 0.2 ms per file on the page's thread), and so does reading its size; then the
// worker's read is another round trip. Reading on the page, many files in
// flight (the reads are asynchronous: the page stays responsive), and
// transferring the bytes costs one round trip per file and one message per
// part: 200,000 one-tweet files in 55 s instead of 125 s (2 workers, 2 cores).
//
// Parts are cut in the folder's order and sent as soon as their files are read.
// Read-ahead is bounded: at most PARTS_AHEAD parts wait for the worker (which
// answers each with a progress message), and reads pause meanwhile.

import type { FilesPart } from "./protocol";
import { SMALL_FILE } from "./plan";

/** A part holds up to this many files, or about this many bytes. */
export const PART_FILES = 500;
export const PART_BYTES = 512 * 1024;
/** Parts sent and not yet answered before reading pauses. */
export const PARTS_AHEAD = 3;
/** Reads in flight per task (more does not read faster in Chromium). */
export const READS_IN_FLIGHT = 64;

type Read = ArrayBuffer | { reason: string } | { big: Blob };

/**
 * Reads files [0, n) of a folder task and hands them to send() in parts, in
 * order. taken() tells it how many parts the worker has taken; stop() ends
 * the reading (a cancelled or failed task).
 */
export class FolderFeed {
  private readonly files: Blob[];
  private readonly names: string[];
  private readonly send: (part: FilesPart, transfer: Transferable[]) => void;
  private next = 0; // the next file to start reading
  private sent = 0; // files before this are in parts sent
  private scanTo = 0; // files [sent, scanTo) are read (the next part's so far)
  private scanBytes = 0; // and hold this many bytes
  private readonly got = new Map<number, Read>();
  private pendingBytes = 0; // bytes read and not yet sent
  private partsSent = 0;
  private waiting = 0; // parts sent and not yet taken by the worker
  private stopped = false;
  private wake: (() => void) | null = null;
  private wakeUp = (): void => {
    const w = this.wake;
    this.wake = null;
    w?.();
  };

  constructor(files: Blob[], names: string[], send: (part: FilesPart, transfer: Transferable[]) => void) {
    this.files = files;
    this.names = names;
    this.send = send;
  }

  /** Starts reading; resolves when every part is sent or the feed is stopped. */
  async start(): Promise<void> {
    if (this.files.length === 0) {
      this.post(0, null, true);
      return;
    }
    const lanes = Math.min(READS_IN_FLIGHT, this.files.length);
    await Promise.all(Array.from({ length: lanes }, () => this.lane()));
  }

  /** The worker has taken this many parts (its progress messages say so). */
  taken(parts: number): void {
    this.waiting = Math.max(0, this.partsSent - parts);
    this.wakeUp();
  }

  stop(): void {
    this.stopped = true;
    this.got.clear();
    this.wakeUp();
  }

  private async lane(): Promise<void> {
    while (!this.stopped && this.next < this.files.length) {
      // Bounded read-ahead: wait while enough parts wait for the worker, or
      // while a whole part is read and not yet sent (its first files are still in flight).
      if (this.waiting >= PARTS_AHEAD || this.next - this.sent >= 2 * PART_FILES || this.pendingBytes >= 2 * PART_BYTES) {
        await new Promise<void>((resolve) => {
          const before = this.wake;
          this.wake = () => {
            before?.();
            resolve();
          };
        });
        continue;
      }
      const i = this.next++;
      const read = await readOne(this.files[i]!);
      if (this.stopped) return;
      this.got.set(i, read);
      if (read instanceof ArrayBuffer) this.pendingBytes += read.byteLength;
      this.flush();
    }
  }

  /** Sends the parts that are complete: files read in order from `sent` on.
   *  The scan resumes where it stopped (reads complete out of order), so a file
   *  is looked at once, not once per completed read. */
  private flush(): void {
    for (;;) {
      let big: Blob | null = null;
      while (this.scanTo < this.files.length && this.scanTo - this.sent < PART_FILES && this.scanBytes < PART_BYTES) {
        const r = this.got.get(this.scanTo);
        if (r === undefined) break;
        this.scanTo++;
        if (r instanceof ArrayBuffer) this.scanBytes += r.byteLength;
        else if ("big" in r) {
          big = r.big;
          break;
        }
      }
      const to = this.scanTo;
      const end = to === this.files.length;
      const full = big !== null || end || to - this.sent >= PART_FILES || this.scanBytes >= PART_BYTES;
      if (!full || to === this.sent) return;
      this.post(to, big, end);
      this.scanBytes = 0;
      if (end) return;
    }
  }

  /** Sends files [sent, to) (the last of them `big` when given) as one part. */
  private post(to: number, big: Blob | null, last: boolean): void {
    const small = big ? to - 1 : to;
    const count = small - this.sent;
    const sizes = new Uint32Array(count);
    const names = this.names.slice(this.sent, small);
    const unreadable: FilesPart["unreadable"] = [];
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const r = this.got.get(this.sent + i)!;
      if (r instanceof ArrayBuffer) {
        sizes[i] = r.byteLength;
        bytes += r.byteLength;
      } else if ("reason" in r) {
        unreadable.push({ index: i, reason: r.reason });
      }
    }
    const data = new Uint8Array(bytes);
    let at = 0;
    for (let i = 0; i < count; i++) {
      const r = this.got.get(this.sent + i)!;
      if (r instanceof ArrayBuffer) {
        data.set(new Uint8Array(r), at);
        at += r.byteLength;
      }
      this.got.delete(this.sent + i);
    }
    const part: FilesPart = { data: data.buffer, sizes, names, unreadable, last };
    if (big) {
      part.big = { file: big, name: this.names[to - 1]! };
      this.got.delete(to - 1);
    }
    this.pendingBytes -= bytes;
    this.sent = to;
    this.partsSent++;
    this.waiting++;
    this.send(part, [data.buffer, sizes.buffer]);
    this.wakeUp();
  }
}

/**
 * One file's bytes. A file over SMALL_FILE goes to the worker to be read in
 * chunks (a folder of more than drop.SIZE_CHECK_MAX files does not know its
 * files' sizes before reading them: a big one among them is read whole once,
 * and its bytes dropped). A file that cannot be read gives the reason.
 */
async function readOne(file: Blob): Promise<Read> {
  try {
    const bytes = await file.arrayBuffer();
    return bytes.byteLength > SMALL_FILE ? { big: file } : bytes;
  } catch (err) {
    // Too big to hold in one buffer is still readable in chunks.
    if (file.size > SMALL_FILE) return { big: file };
    // NotReadableError: Chromium's message speaks of permissions, but what
    // happened is almost always that the file changed after it was picked.
    const why =
      err instanceof Error && err.name === "NotReadableError"
        ? "NotReadableError: the file changed on disk after it was picked, or can no longer be read; pick it again"
        : err instanceof Error
          ? err.message
          : String(err);
    return { reason: `cannot read the file (${why})` };
  }
}
