import { inflateRawSync } from "node:zlib";

/**
 * Checks a ZIP container (XLSX, DOCX …) BEFORE a library unpacks it: entry count, declared
 * uncompressed size of every entry and of the whole, read from the central directory; then
 * (with `verify`) inflates each entry with an output cap equal to its declared size, so an
 * archive that lies in its directory is caught with bounded memory and time too.
 */
export interface ZipLimits {
  maxEntries: number;
  maxTotalUncompressed: number;
  maxEntryUncompressed: number;
  /** Largest allowed uncompressed / compressed ratio of one entry (deflate reaches ~1030). */
  maxRatio: number;
  verify: boolean;
}

export const XLSX_IMPORT_LIMITS: ZipLimits = {
  maxEntries: 500,
  maxTotalUncompressed: 64 * 1024 * 1024,
  maxEntryUncompressed: 48 * 1024 * 1024,
  maxRatio: 250,
  verify: true,
};

export type ZipProblem = "notZip" | "tooManyEntries" | "tooLarge" | "ratio" | "corrupt" | "unsupported";

export type ZipCheck = { ok: true; entries: number; uncompressed: number } | { ok: false; problem: ZipProblem };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  const first = Math.max(0, last - 0xffff);
  for (let i = last; i >= first; i--) if (view.getUint32(i, true) === EOCD) return i;
  return -1;
}

export function checkZip(input: Uint8Array, limits: ZipLimits = XLSX_IMPORT_LIMITS): ZipCheck {
  if (input.length < 22) return { ok: false, problem: "notZip" };
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const end = findEndOfCentralDirectory(view);
  if (end < 0) return { ok: false, problem: "notZip" };
  const disk = view.getUint16(end + 4, true);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  // ZIP64 and multi-disk archives: an office file of a few MB never needs them.
  if (disk !== 0 || count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, problem: "unsupported" };
  if (count > limits.maxEntries) return { ok: false, problem: "tooManyEntries" };
  if (offset + size > end) return { ok: false, problem: "corrupt" };

  let position = offset;
  let total = 0;
  const entries: { method: number; compressed: number; uncompressed: number; localOffset: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (position + 46 > end || view.getUint32(position, true) !== CENTRAL) return { ok: false, problem: "corrupt" };
    const flags = view.getUint16(position + 8, true);
    const method = view.getUint16(position + 10, true);
    const compressed = view.getUint32(position + 20, true);
    const uncompressed = view.getUint32(position + 24, true);
    const nameLength = view.getUint16(position + 28, true);
    const extraLength = view.getUint16(position + 30, true);
    const commentLength = view.getUint16(position + 32, true);
    const localOffset = view.getUint32(position + 42, true);
    if (flags & 0x1) return { ok: false, problem: "unsupported" }; // encrypted
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || localOffset === 0xffffffff) return { ok: false, problem: "unsupported" };
    if (method !== 0 && method !== 8) return { ok: false, problem: "unsupported" };
    if (uncompressed > limits.maxEntryUncompressed) return { ok: false, problem: "tooLarge" };
    if (compressed > 0 && uncompressed / compressed > limits.maxRatio && uncompressed > 1024 * 1024) return { ok: false, problem: "ratio" };
    if (compressed === 0 && uncompressed > 0 && method === 8) return { ok: false, problem: "ratio" };
    total += uncompressed;
    if (total > limits.maxTotalUncompressed) return { ok: false, problem: "tooLarge" };
    entries.push({ method, compressed, uncompressed, localOffset });
    position += 46 + nameLength + extraLength + commentLength;
  }
  if (entries.length !== count) return { ok: false, problem: "corrupt" };

  if (limits.verify) {
    for (const entry of entries) {
      const at = entry.localOffset;
      if (at + 30 > input.length || view.getUint32(at, true) !== LOCAL) return { ok: false, problem: "corrupt" };
      const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
      const stop = start + entry.compressed;
      if (stop > input.length) return { ok: false, problem: "corrupt" };
      const data = input.subarray(start, stop);
      if (entry.method === 0) {
        if (entry.compressed !== entry.uncompressed) return { ok: false, problem: "corrupt" };
        continue;
      }
      try {
        // One byte more than declared: if the stream has more to give, the directory lied.
        const out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressed + 1) });
        if (out.length !== entry.uncompressed) return { ok: false, problem: "corrupt" };
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return { ok: false, problem: "tooLarge" };
        return { ok: false, problem: "corrupt" };
      }
    }
  }
  return { ok: true, entries: count, uncompressed: total };
}
