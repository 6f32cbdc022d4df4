/**
 * The canonical form of a report's content, and its SHA-256. Two uploads with
 * the same canonical form are the same report: the API answers a retry with
 * the revision it already has instead of making a new one. Canonical means:
 * every field of every row present (absent optional values as null), money in
 * hundredths, text trimmed, keys sorted.
 */
import { SIGNOFF_FIELDS, type OrgKey, type Signoff, type Template } from './catalog.ts';
import { parseReport } from './validate.ts';
import type { Value } from './values.ts';

export type CanonicalRow = Record<string, Value | null>;

/** Rows that passed the type checks, in canonical form (the template as the year's edition has it). */
export function canonicalRows(template: Template, rows: readonly unknown[], org: OrgKey): CanonicalRow[] {
  return parseReport(template, rows, org).rows.map((r) => r.values);
}

/**
 * The figures of a report as stored beside it (the `data` column) and compared
 * between uploads: the canonical rows as JSON. Two uploads with the same
 * figures are the same report for its revision and status, whatever their
 * sign-off or 情况说明 say; the worker and every client compare with this.
 */
export function figuresText(rows: readonly CanonicalRow[]): string {
  return JSON.stringify(rows);
}

export function canonicalSignoff(s: Signoff | undefined | null): Record<string, string | null> | null {
  if (!s) return null;
  const out = Object.fromEntries(SIGNOFF_FIELDS.map((f) => [f.key, s[f.key]?.trim() || null]));
  return Object.values(out).some((v) => v !== null) ? out : null;
}

/** JSON with object keys sorted at every depth. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k] ?? null)}`).join(',')}}`;
}

export interface Content {
  rows: CanonicalRow[];
  explanation?: string | null;
  signoff?: Signoff | null;
}

export function canonicalContent(c: Content): string {
  return canonicalJson({ rows: c.rows, explanation: c.explanation?.trim() || null, signoff: canonicalSignoff(c.signoff) });
}

/** Hex SHA-256 of the canonical content (Web Crypto: browsers, workerd and Node alike). */
export function checksum(c: Content): Promise<string> {
  return sha256Hex(canonicalContent(c));
}

/**
 * RFC 8785 (JCS) serialization: object members sorted by their names' UTF-16
 * code units, undefined members left out, numbers and strings as ECMAScript's
 * JSON.stringify writes them (which is what JCS specifies).
 */
export function jcs(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('JCS cannot hold a non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : jcs(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${jcs(obj[k])}`).join(',')}}`;
}

/** Lowercase hex SHA-256 of a text's UTF-8 bytes. */
export async function sha256Hex(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A published version's checksum: SHA-256 of the JCS form of its `sheets` (reporting-year.md). */
export function sheetsChecksum(sheets: unknown): Promise<string> {
  return sha256Hex(jcs(sheets));
}
