/**
 * A zip written as its entries are made, compressed by the platform's own
 * deflate (`CompressionStream("deflate-raw")`: zlib in workerd and Node, in
 * browsers too) — some ten times faster than deflate in JavaScript, which
 * was most of a province's workbook time (issue 17; docs/PERFORMANCE.md).
 * Each entry's CRC-32 and sizes follow its data in a data descriptor
 * (APPNOTE 4.3.9, general purpose bit 3), as a zip written in one pass must;
 * the central directory at the end repeats them. No ZIP64: a workbook is far
 * below 4 GB.
 */
import { crc32 } from './zip.ts';

/** Receives the zip's bytes as they are made; may wait (a stream's back-pressure). */
export type ByteSink = (bytes: Uint8Array) => void | Promise<void>;

interface Written {
  name: Uint8Array;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date (APPNOTE 4.4.6): local time, 2-second steps — as fflate writes them for `writeXlsx` (workerd's local time is UTC). */
function dosTime(at: Date): { time: number; date: number } {
  const y = Math.max(1980, at.getFullYear());
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
    date: ((y - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: names in UTF-8.

export class ZipStream {
  private readonly written: Written[] = [];
  private offset = 0;
  private readonly stamp: { time: number; date: number };
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly sink: ByteSink,
    mtime: Date = new Date(),
  ) {
    this.stamp = dosTime(mtime);
  }

  private async out(bytes: Uint8Array) {
    this.offset += bytes.length;
    await this.sink(bytes);
  }

  /**
   * Adds an entry whose data `fill` hands on in pieces; the pieces are
   * compressed as they come. Entries are written one after the other.
   */
  async entry(path: string, fill: (write: (data: Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
    const name = this.encoder.encode(path);
    const offset = this.offset;
    const head = new Uint8Array(30 + name.length);
    const h = new DataView(head.buffer);
    h.setUint32(0, 0x04034b50, true);
    h.setUint16(4, 20, true);
    h.setUint16(6, FLAGS, true);
    h.setUint16(8, 8, true); // deflate
    h.setUint16(10, this.stamp.time, true);
    h.setUint16(12, this.stamp.date, true);
    // CRC and sizes (14–25) are 0 here: they follow the data.
    h.setUint16(26, name.length, true);
    head.set(name, 30);
    await this.out(head);

    const deflate = new CompressionStream('deflate-raw');
    const writer = deflate.writable.getWriter();
    let compressed = 0;
    // Read while writing: the compressor's output is handed on as it comes, not held. Should the sink
    // fail (the client gone), the compressor is aborted and the next write says so, rather than the
    // rest of the sheet being compressed for nobody.
    let failed: { error: unknown } | null = null;
    const reading = (async () => {
      const reader = deflate.readable.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        compressed += r.value.length;
        await this.out(r.value);
      }
    })().catch(async (error: unknown) => {
      failed = { error };
      await writer.abort(error).catch(() => undefined);
    });
    let crc = 0;
    let size = 0;
    try {
      await fill(async (data) => {
        if (failed) throw failed.error;
        crc = crc32(data, crc);
        size += data.length;
        await writer.ready;
        await writer.write(data as Uint8Array<ArrayBuffer>);
      });
      await writer.close();
    } catch (e) {
      await writer.abort(e).catch(() => undefined);
      await reading;
      throw failed ? (failed as { error: unknown }).error : e;
    }
    await reading;
    if (failed) throw (failed as { error: unknown }).error;

    const desc = new Uint8Array(16);
    const d = new DataView(desc.buffer);
    d.setUint32(0, 0x08074b50, true);
    d.setUint32(4, crc, true);
    d.setUint32(8, compressed, true);
    d.setUint32(12, size, true);
    await this.out(desc);
    this.written.push({ name, crc, compressed, size, offset });
  }

  /** The central directory and its end record. */
  async end(): Promise<void> {
    const start = this.offset;
    for (const w of this.written) {
      const rec = new Uint8Array(46 + w.name.length);
      const v = new DataView(rec.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, 20, true); // made by: MS-DOS, 2.0
      v.setUint16(6, 20, true);
      v.setUint16(8, FLAGS, true);
      v.setUint16(10, 8, true);
      v.setUint16(12, this.stamp.time, true);
      v.setUint16(14, this.stamp.date, true);
      v.setUint32(16, w.crc, true);
      v.setUint32(20, w.compressed, true);
      v.setUint32(24, w.size, true);
      v.setUint16(28, w.name.length, true);
      // Extra, comment, disk, attributes (30–41): none.
      v.setUint32(42, w.offset, true);
      rec.set(w.name, 46);
      await this.out(rec);
    }
    const eocd = new Uint8Array(22);
    const e = new DataView(eocd.buffer);
    e.setUint32(0, 0x06054b50, true);
    e.setUint16(8, this.written.length, true);
    e.setUint16(10, this.written.length, true);
    e.setUint32(12, this.offset - start, true);
    e.setUint32(16, start, true);
    await this.out(eocd);
  }
}
