/** Plain HTTP helpers against the running `wrangler dev`. */
import { inject } from 'vitest';

export const base = () => inject('base');
export const admin = () => inject('admin');

/**
 * The tests block their event loop in spawnSync (the CLI, LibreOffice) for
 * seconds at a time; a kept-alive socket the server closed meanwhile is then
 * reused before the client's own timer could drop it, and the request fails
 * unanswered ("other side closed"). Such a request never reached the worker:
 * send it once more on a fresh connection.
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw e;
    return await fetch(url, init);
  }
}

export async function http<T = any>(method: string, path: string, body?: unknown, token: string | null = admin()): Promise<{ status: number; body: T }> {
  const res = await send(`${base()}/api/v1${path}`, {
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
