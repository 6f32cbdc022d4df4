/**
 * A zip reader that trusts nothing: the central directory is checked against
 * the file (bounds, duplicate names, overlapping entries, local headers that
 * disagree), every entry is inflated in small steps with fflate's streaming
 * inflater, and its CRC-32 and size are compared with the directory's. A
 * flipped bit anywhere in a part is a refusal, never a read with other
 * figures; a part that inflates past its declared size or a limit is stopped
 * there, so a zip bomb costs milliseconds, not memory.
 */
import { Inflate } from 'fflate';
import { damaged, WorkbookError, type Budget } from './limits.ts';

export interface ZipEntry {
  /** As stored, with `\` read as `/`. */
  name: string;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  /** Offset of the local header. */
  header: number;
  /** Offset of the data, once the local header was checked. */
  data: number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  // Slicing by four: four bytes per step, about three times the speed of one.
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 4; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, as zip uses it) of `data`, continuing from `crc`. */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = CRC_TABLE;
  let c = ~crc;
  let i = 0;
  const end4 = data.length - (data.length % 4);
  for (; i < end4; i += 4) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;

/** Compressed bytes handed to the inflater per step: bounds one step's output to ~16 MB at deflate's 1,032× maximum. */
const STEP = 16 * 1024;

const names = new TextDecoder('utf-8');

export class ZipReader {
  readonly entries: ZipEntry[] = [];
  private readonly byName = new Map<string, ZipEntry>();
  private readonly verified = new Set<ZipEntry>();

  constructor(
    private readonly bytes: Uint8Array,
    private readonly budget: Budget,
  ) {
    budget.fileSize(bytes.length);
    this.readDirectory();
  }

  private readDirectory() {
    const b = this.bytes;
    // The end record sits in the last 22 bytes plus a comment of at most 64 KB.
    let eocd = -1;
    for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--) {
      if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw damaged('找不到压缩包目录，文件可能不完整');
    if (u16(b, eocd + 4) !== 0 || u16(b, eocd + 6) !== 0) throw new WorkbookError('该文件是分卷压缩包的一部分，不是报表文件；请选择完整的 .xlsx 文件', 'format');
    let count = u16(b, eocd + 10);
    let size = u32(b, eocd + 12);
    let offset = u32(b, eocd + 16);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || u32(b, loc) !== 0x07064b50) throw damaged('压缩包目录不完整');
      const rec = u64(b, loc + 8);
      if (rec + 56 > b.length || u32(b, rec) !== 0x06064b50) throw damaged('压缩包目录不完整');
      count = u64(b, rec + 32);
      size = u64(b, rec + 40);
      offset = u64(b, rec + 48);
    }
    this.budget.entries(count);
    if (offset + size > b.length) throw damaged('压缩包目录超出文件末尾，文件可能不完整');

    let p = offset;
    let total = 0;
    let largest: ZipEntry | null = null;
    for (let i = 0; i < count; i++) {
      if (p + 46 > offset + size || u32(b, p) !== 0x02014b50) throw damaged('压缩包目录有误');
      const flags = u16(b, p + 8);
      const nameLen = u16(b, p + 28);
      const extraLen = u16(b, p + 30);
      const commentLen = u16(b, p + 32);
      if (p + 46 + nameLen + extraLen + commentLen > offset + size) throw damaged('压缩包目录有误');
      const name = names.decode(b.subarray(p + 46, p + 46 + nameLen)).replace(/\\/g, '/');
      const e: ZipEntry = {
        name,
        method: u16(b, p + 10),
        crc: u32(b, p + 16),
        compressed: u32(b, p + 20),
        size: u32(b, p + 24),
        header: u32(b, p + 42),
        data: -1,
      };
      if (e.size === 0xffffffff || e.compressed === 0xffffffff || e.header === 0xffffffff) this.zip64(e, p + 46 + nameLen, extraLen);
      if (flags & 1) throw new WorkbookError('该文件设置了密码，请在 Excel、WPS 或 LibreOffice 中取消密码后另存为 .xlsx，再选择', 'encrypted');
      if (e.method !== 0 && e.method !== 8) throw new WorkbookError('该文件使用了本系统不支持的压缩方式，请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 后再选择', 'format');
      if (e.method === 0 && e.size !== e.compressed) throw damaged(`部件 ${name} 的大小不符`);
      const key = name.toLowerCase();
      // Two parts of one name: which one is the workbook's own is anyone's guess.
      if (this.byName.has(key)) throw damaged(`部件 ${name} 出现了两次`);
      this.byName.set(key, e);
      this.entries.push(e);
      total += e.size;
      if (!largest || e.size > largest.size) largest = e;
      p += 46 + nameLen + extraLen + commentLen;
    }
    this.budget.declared(total, largest);

    // Entries may not share bytes: overlapping entries are how the worst zip bombs are built.
    const sorted = [...this.entries].sort((x, y) => x.header - y.header);
    let end = 0;
    for (const e of sorted) {
      const h = e.header;
      if (h < end || h + 30 > b.length || u32(b, h) !== 0x04034b50) throw damaged(`部件 ${e.name} 的位置有误`);
      const nameLen = u16(b, h + 26);
      const local = names.decode(b.subarray(h + 30, h + 30 + nameLen)).replace(/\\/g, '/');
      if (local !== e.name) throw damaged(`部件 ${e.name} 的名称前后不一致`);
      e.data = h + 30 + nameLen + u16(b, h + 28);
      end = e.data + e.compressed;
      if (end > b.length) throw damaged(`部件 ${e.name} 超出文件末尾，文件可能不完整`);
      if (end > offset && h < offset + size) throw damaged(`部件 ${e.name} 与压缩包目录重叠`);
    }
  }

  /** ZIP64: the real sizes and offset are in the extra field, in this order, for those marked 0xFFFFFFFF. */
  private zip64(e: ZipEntry, at: number, len: number) {
    const b = this.bytes;
    for (let p = at; p + 4 <= at + len; ) {
      const id = u16(b, p);
      const n = u16(b, p + 2);
      if (id === 0x0001) {
        let q = p + 4;
        const take = () => {
          if (q + 8 > p + 4 + n) throw damaged(`部件 ${e.name} 的扩展信息有误`);
          const v = u64(b, q);
          q += 8;
          return v;
        };
        if (e.size === 0xffffffff) e.size = take();
        if (e.compressed === 0xffffffff) e.compressed = take();
        if (e.header === 0xffffffff) e.header = take();
        return;
      }
      p += 4 + n;
    }
    throw damaged(`部件 ${e.name} 的大小信息缺失`);
  }

  /** The entry of this name, compared as OPC compares part names: without regard to case. */
  find(name: string): ZipEntry | undefined {
    return this.byName.get(name.replace(/^\//, '').toLowerCase());
  }

  /**
   * Streams an entry's content to `sink` in chunks, then checks its size and
   * CRC-32. `sink` may throw to stop early (a limit of the reader above).
   */
  read(e: ZipEntry, sink: (chunk: Uint8Array) => void) {
    const b = this.bytes;
    let got = 0;
    let crc = 0;
    const take = (chunk: Uint8Array) => {
      if (!chunk.length) return;
      got += chunk.length;
      if (got > e.size) throw damaged(`部件 ${e.name} 比记录的大小更大`);
      this.budget.inflated(chunk.length);
      crc = crc32(chunk, crc);
      sink(chunk);
    };
    if (e.method === 0) {
      for (let p = 0; p < e.compressed; p += STEP * 4) take(b.subarray(e.data + p, e.data + Math.min(e.compressed, p + STEP * 4)));
    } else {
      const inflater = new Inflate((chunk) => take(chunk));
      try {
        for (let p = 0; p < e.compressed; p += STEP) {
          const last = p + STEP >= e.compressed;
          inflater.push(b.subarray(e.data + p, e.data + Math.min(e.compressed, p + STEP)), last);
        }
        if (e.compressed === 0) inflater.push(new Uint8Array(0), true);
      } catch (err) {
        // fflate's own errors carry a numeric code; anything else comes from the sink and goes on as it is.
        if (err instanceof Error && typeof (err as { code?: unknown }).code === 'number') throw damaged(`部件 ${e.name} 无法解压`);
        throw err;
      }
    }
    if (got !== e.size) throw damaged(`部件 ${e.name} 比记录的大小更小`);
    if (crc !== e.crc) throw damaged(`部件 ${e.name} 的校验和不符`);
    this.verified.add(e);
  }

  /** Checks every entry not read yet, so damage in a part the reader skips is still found. */
  verifyRest() {
    for (const e of this.entries) if (!this.verified.has(e)) this.read(e, () => {});
  }
}
