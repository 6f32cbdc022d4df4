/**
 * Calls the real app inside workerd, over its fetch handler, with the D1 the
 * test project binds; and builds a small city to call it with.
 */
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import type { OrgKey, Row, TemplateId } from '../../shared/index.ts';
import { app } from '../../worker/app.ts';
import type { Env } from '../../worker/env.ts';

/** The worker under test, as `wrangler dev` would run it (its default export). */
export const worker = (exports as unknown as { default: Fetcher }).default;

export const ADMIN = 'test-admin-token-0123456789abcdef';
export const BASE = 'http://quntuan.test/api/v1';

export interface Call {
  method?: string;
  token?: string | null;
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
  /** Settings to override for this call (goes through the app directly with a patched env). */
  env?: Partial<Env>;
}

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(path: string, opts: Call = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== null) headers.authorization ??= `Bearer ${opts.token ?? ADMIN}`;
  let body: BodyInit | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const req = new Request(`${BASE}${path}`, { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const res = opts.env ? await app.fetch(req, { ...(env as unknown as Env), ...opts.env }) : await worker.fetch(req);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** The raw bytes of an answer (byte-for-byte comparisons of published bodies). */
export async function raw(path: string, token: string = ADMIN): Promise<{ status: number; bytes: Uint8Array; text: string }> {
  const res = await worker.fetch(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } }));
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, bytes, text: new TextDecoder().decode(bytes) };
}

let serial = 0;
/** A prefix unique within this test run, so tests never collide on codes. */
export function uniq(prefix = 'U'): string {
  serial += 1;
  return `${prefix}${Date.now().toString(36)}${serial}`.toUpperCase().slice(0, 28);
}

export async function createUnit(org: OrgKey, extra: Partial<{ code: string; name: string; district: string; districtCode: string }> = {}) {
  const code = extra.code ?? uniq(org.slice(0, 3));
  const res = await call('/units', { body: { code, name: extra.name ?? `${code}单位`, org, district: extra.district ?? '兴宾区', ...(extra.districtCode ? { districtCode: extra.districtCode } : {}) } });
  if (res.status !== 201) throw new Error(`unit ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  return code;
}

export async function createToken(role: 'admin' | 'statistician' | 'clerk', unit?: string): Promise<{ id: string; token: string }> {
  const res = await call('/tokens', { body: { role, ...(unit ? { unit } : {}) } });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function openYear(year: number, deadline?: string) {
  const res = await call(`/periods/${year}`, { method: 'PUT', body: { status: 'open', ...(deadline ? { deadline } : {}) } });
  if (res.status !== 200) throw new Error(`period ${year}: ${res.status}`);
}


export function upload(token: string, year: number, unit: string, template: TemplateId, rows: Row[], extra: { explanation?: string; signoff?: object } = {}) {
  return call('/submissions', { token, body: { year, unit, template, rows, ...extra } });
}

export function uploadAll(token: string, year: number, unit: string, report: Partial<Record<TemplateId, Row[]>>, explanation?: string) {
  const submissions = Object.entries(report).map(([template, rows]) => ({ template, rows, ...(explanation ? { explanation } : {}) }));
  return call('/submissions/batch', { token, body: { year, unit, submissions } });
}

/** Counts rows in a table (changes-nothing assertions). */
export async function count(table: 'submissions' | 'units' | 'tokens' | 'reviews' | 'periods' | 'audit', where = '1 = 1', ...binds: unknown[]): Promise<number> {
  const r = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).bind(...binds).first<{ n: number }>();
  return r!.n;
}

export interface City {
  year: number;
  /** A 妇联 and a 工会, each with a clerk. */
  women: string;
  union: string;
  clerkWomen: string;
  clerkUnion: string;
  statistician: string;
  /** A clerk token of `women` that has been revoked. */
  revoked: string;
}

/** Two units, their clerks, a statistician and a revoked token; `year` open. */
export async function makeCity(year = 2024): Promise<City> {
  const women = await createUnit('women', { district: '兴宾区', districtCode: '451302' });
  const union = await createUnit('union', { district: '兴宾区', districtCode: '451302' });
  const [cw, cu, st, rv] = await Promise.all([createToken('clerk', women), createToken('clerk', union), createToken('statistician'), createToken('clerk', women)]);
  await call(`/tokens/${rv.id}`, { method: 'DELETE' });
  await openYear(year);
  return { year, women, union, clerkWomen: cw.token, clerkUnion: cu.token, statistician: st.token, revoked: rv.token };
}
