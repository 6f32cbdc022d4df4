/** Plain HTTP helpers against the running `wrangler dev`. */
import { inject } from 'vitest';

export const base = () => inject('base');
export const admin = () => inject('admin');

export async function http<T = any>(method: string, path: string, body?: unknown, token: string | null = admin()): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base()}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

let n = 0;
export function code(prefix: string): string {
  n += 1;
  return `${prefix}-${Date.now().toString(36)}${n}`.toUpperCase();
}
