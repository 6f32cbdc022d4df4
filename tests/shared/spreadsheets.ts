/**
 * Spreadsheet files built by hand for tests: packages as other programs write
 * them (namespace prefixes, inline strings, CDATA, OpenDocument), and a zip
 * writer that stores whatever sizes and checksums it is told, so tests can
 * build damaged and hostile files byte by byte.
 */
import { Deflate, deflateSync, strToU8 } from 'fflate';
import { crc32 } from '../../shared/xlsx/zip.ts';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface Part {
  name: string;
  /** What the part holds, or the deflated bytes when `deflated` is given. */
  data?: Uint8Array | string;
  /** Already deflated content (e.g. streamed from a generator): stored as is with `size` and `crc`. */
  deflated?: { bytes: Uint8Array; size: number; crc: number };
  /** Stored without compression (OpenDocument's mimetype). */
  stored?: boolean;
  /** Lies for the directory: a size or CRC other than the real one. */
  declare?: { size?: number; crc?: number };
}

/** A zip file written byte by byte: local headers, data, central directory, end record. */
export function zipOf(parts: Part[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const le = (n: number, bytes: number) => {
    const out = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) out[i] = Math.floor(n / 256 ** i) & 0xff;
    return out;
  };
  const cat = (xs: Uint8Array[]) => {
    const out = new Uint8Array(xs.reduce((a, x) => a + x.length, 0));
    let p = 0;
    for (const x of xs) {
      out.set(x, p);
      p += x.length;
    }
    return out;
  };
  for (const part of parts) {
    const name = strToU8(part.name);
    let body: Uint8Array;
    let size: number;
    let crc: number;
    let method: number;
    if (part.deflated) {
      ({ bytes: body, size, crc } = part.deflated);
      method = 8;
    } else {
      const raw = typeof part.data === 'string' ? strToU8(part.data) : (part.data ?? new Uint8Array(0));
      size = raw.length;
      crc = crc32(raw);
      method = part.stored ? 0 : 8;
      body = part.stored ? raw : deflateSync(raw);
    }
    size = part.declare?.size ?? size;
    crc = part.declare?.crc ?? crc;
    const common = [le(20, 2), le(0x0800, 2), le(method, 2), le(0, 4), le(crc, 4), le(body.length, 4), le(size, 4), le(name.length, 2), le(0, 2)];
    const local = cat([le(0x04034b50, 4), ...common, name]);
    central.push(cat([le(0x02014b50, 4), le(20, 2), ...common, le(0, 2), le(0, 2), le(0, 2), le(0, 4), le(offset, 4), name]));
    chunks.push(local, body);
    offset += local.length + body.length;
  }
  const dir = cat(central);
  const end = cat([le(0x06054b50, 4), le(0, 2), le(0, 2), le(parts.length, 2), le(parts.length, 2), le(dir.length, 4), le(offset, 4), le(0, 2)]);
  return cat([...chunks, dir, end]);
}

/** XML made of `pieces` calls of `piece(i)` between `head` and `tail`, deflated as it is made, never held whole. */
export function deflateStream(pieces: number, piece: (i: number) => string, head = '', tail = ''): { bytes: Uint8Array; size: number; crc: number } {
  const out: Uint8Array[] = [];
  const d = new Deflate({ level: 6 }, (chunk) => out.push(chunk));
  let size = 0;
  let crc = 0;
  const push = (s: string, final = false) => {
    const b = strToU8(s);
    size += b.length;
    crc = crc32(b, crc);
    d.push(b, final);
  };
  push(head);
  const batch: string[] = [];
  for (let i = 0; i < pieces; i++) {
    batch.push(piece(i));
    if (batch.length === 4096) push(batch.splice(0).join(''));
  }
  push(batch.join(''));
  push(tail, true);
  const bytes = new Uint8Array(out.reduce((a, x) => a + x.length, 0));
  let p = 0;
  for (const x of out) {
    bytes.set(x, p);
    p += x.length;
  }
  return { bytes, size, crc };
}

/** The parts every .xlsx has around its sheets; `prefix` writes SpreadsheetML under a prefix (`x:`), as .NET tools and Tencent Docs do. */
export function xlsxParts(sheets: { name: string; xml: string }[], opts: { shared?: string; prefix?: string } = {}): Part[] {
  const p = opts.prefix ? `${opts.prefix}:` : '';
  const ns = opts.prefix ? `xmlns:${opts.prefix}="${MAIN_NS}"` : `xmlns="${MAIN_NS}"`;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns} xmlns:r="${REL_NS}"><${p}sheets>${sheets.map((s, i) => `<${p}sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</${p}sheets></${p}workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${opts.shared !== undefined ? `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}><${p}sheetData>${s.xml}</${p}sheetData></${p}worksheet>` })),
    ...(opts.shared !== undefined ? [{ name: 'xl/sharedStrings.xml', data: `<${p}sst ${ns}>${opts.shared}</${p}sst>` }] : []),
  ];
}

export const xlsxOf = (sheets: { name: string; xml: string }[], opts: { shared?: string; prefix?: string } = {}) => zipOf(xlsxParts(sheets, opts));

const ODS_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"';

/** An OpenDocument spreadsheet of these tables (their table:table-row elements). */
export function odsOf(tables: { name: string; rows: string }[], manifestExtra = ''): Uint8Array {
  return zipOf([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', stored: true },
    {
      name: 'META-INF/manifest.xml',
      data: `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">${manifestExtra}</manifest:file-entry></manifest:manifest>`,
    },
    {
      name: 'content.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODS_NS}><office:body><office:spreadsheet>${tables.map((t) => `<table:table table:name="${t.name}">${t.rows}</table:table>`).join('')}</office:spreadsheet></office:body></office:document-content>`,
    },
  ]);
}
