import { describe, expect, it } from "vitest";
import { Sha256, hashBlob } from "./sha256";

const enc = (s: string) => new TextEncoder().encode(s);
const hex = (data: Uint8Array) => new Sha256().update(data).hex();
/** The platform's one-shot digest, as the reference. */
async function reference(data: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("Sha256", () => {
  // FIPS 180-4 / NIST CAVS examples.
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
  ])("hashes %j", (msg, want) => {
    expect(hex(enc(msg))).toBe(want);
  });

  it("hashes a million 'a' fed in uneven pieces", () => {
    const h = new Sha256();
    const a = new Uint8Array(1_000_000).fill(0x61);
    for (let off = 0, step = 1; off < a.length; off += step, step = (step * 7 + 3) % 9973 + 1) {
      h.update(a.subarray(off, Math.min(a.length, off + step)));
    }
    expect(h.hex()).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with crypto.subtle at every length around the block boundaries", async () => {
    const data = new Uint8Array(300).map((_, i) => (i * 31 + 7) & 255);
    for (let n = 0; n <= 300; n++) {
      const msg = data.subarray(0, n);
      const split = new Sha256().update(msg.subarray(0, n >> 1)).update(msg.subarray(n >> 1)).hex();
      const want = await reference(msg);
      expect(hex(msg)).toBe(want);
      expect(split).toBe(want);
    }
  });

  it("hashes a Blob in slices, whatever the slice size", async () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 131) & 255);
    const want = await reference(data);
    const seen: number[] = [];
    expect(await hashBlob(new Blob([data]), (d) => seen.push(d), 4096)).toBe(want);
    expect(await hashBlob(new Blob([data]))).toBe(want);
    expect(seen.at(-1)).toBe(100_003);
    expect(await hashBlob(new Blob([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("refuses to be used after digest", () => {
    const h = new Sha256();
    h.digest();
    expect(() => h.update(enc("x"))).toThrow();
  });
});
