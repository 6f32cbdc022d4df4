/**
 * XML through saxes, a conforming streaming parser (see docs/XLSX.md for why
 * this one): namespaces resolved, CDATA, entities and character references
 * decoded and checked, anything not well-formed an error. Parts stream from
 * the zip reader into it chunk by chunk, so no part is ever held whole.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { damaged, MAX_DEPTH, WorkbookError } from './limits.ts';
import type { ZipEntry, ZipReader } from './zip.ts';

export type Tag = SaxesTagNS;

export interface XmlHandler {
  open(tag: Tag): void;
  close(tag: Tag): void;
  /** Character data, CDATA sections included, entities already decoded. */
  text?(text: string): void;
}

/** An attribute's value by namespace and local name (prefixes are the writer's choice, not ours to match). */
export function attrNS(tag: Tag, uri: string, local: string): string | undefined {
  for (const k in tag.attributes) {
    const a = tag.attributes[k]!;
    if (a.local === local && a.uri === uri) return a.value;
  }
  return undefined;
}

/** What the parts need of TextDecoder (typed here: shared/ is compiled without the DOM's types). */
interface Decoder {
  decode(input?: Uint8Array, opts?: { stream?: boolean }): string;
}

/** The encoding a part declares by its byte order mark; XML without one is UTF-8. */
function decoderFor(first: Uint8Array): Decoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: false });
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true, ignoreBOM: false });
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
}

/** Parses one part of the file with `handler`; a part that is not well-formed XML makes the file damaged. */
export function parseEntry(zip: ZipReader, entry: ZipEntry, handler: XmlHandler) {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const bad = (why: unknown) => {
    const e = damaged(`部件 ${entry.name} 的内容不是有效的 XML`);
    e.cause = why;
    return e;
  };
  parser.on('error', (e) => {
    throw bad(e);
  });
  // saxes resolves a prefix by walking the open elements, so each element costs its depth:
  // unclosed tags nest, and 37,000 of them took 15 s. Spreadsheets nest a dozen levels.
  let depth = 0;
  parser.on('opentag', (t) => {
    if (++depth > MAX_DEPTH) throw new WorkbookError(`部件 ${entry.name} 的内容嵌套超过 ${MAX_DEPTH} 层，不是正常的表格文件，已拒绝读取；请另存为 .xlsx 后再选择`, 'limit');
    handler.open(t);
  });
  parser.on('closetag', (t) => {
    depth--;
    handler.close(t);
  });
  if (handler.text) {
    const text = handler.text.bind(handler);
    parser.on('text', text);
    parser.on('cdata', text);
  }
  let decoder: Decoder | null = null;
  const decode = (chunk: Uint8Array, last: boolean) => {
    try {
      return decoder!.decode(chunk, { stream: !last });
    } catch (e) {
      throw bad(e);
    }
  };
  zip.read(entry, (chunk) => {
    decoder ??= decoderFor(chunk);
    parser.write(decode(chunk, false));
  });
  if (decoder) parser.write(decode(new Uint8Array(0), true));
  parser.close();
}
