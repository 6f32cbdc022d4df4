/**
 * Bearer tokens: random 256-bit secrets, stored as SHA-256, looked up by hash.
 * The bootstrap admin's secret (ADMIN_TOKEN) is compared digest to digest in
 * constant time. Failed attempts are counted per client and minute; past the
 * limit they are answered 429 instead of 401.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ROLES } from '../shared/index.ts';
import { countAuthFailure, findActiveToken } from './db/tokens.ts';
import type { AppEnv, Caller, Role } from './env.ts';
import { ApiError } from './errors.ts';

const encoder = new TextEncoder();

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(s));
}

function hex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function hashToken(token: string): Promise<string> {
  return hex(await digest(token));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new secret (256 random bits) and its public id. */
export function newToken(): { id: string; token: string } {
  const id = `tok_${hex(crypto.getRandomValues(new Uint8Array(8)).buffer as ArrayBuffer)}`;
  return { id, token: `qt_${base64url(crypto.getRandomValues(new Uint8Array(32)))}` };
}

/** The calling client, for counting failures: Cloudflare's connecting IP. */
export function clientOf(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'local';
}

async function resolve(c: Context<AppEnv>, token: string): Promise<Caller | null> {
  const admin = c.env.ADMIN_TOKEN;
  const presented = await digest(token);
  if (admin) {
    const expected = await digest(admin);
    if (crypto.subtle.timingSafeEqual(presented, expected)) return { id: 'bootstrap', role: 'admin', unit: null, area: null };
  }
  const t = await findActiveToken(c.env.DB, hex(presented));
  return t ? { id: t.id, role: t.role, unit: t.unit, area: t.area } : null;
}

/** Authenticates the request and sets `caller`; throws 401 (or 429 past the limit). */
export async function authenticate(c: Context<AppEnv>): Promise<Caller> {
  const existing = c.get('caller');
  if (existing) return existing;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  if (!m) throw new ApiError('unauthorized', '请先登录：缺少访问令牌');
  const caller = m[1]!.length <= 200 ? await resolve(c, m[1]!) : null;
  if (!caller) {
    const limit = Number(c.env.AUTH_FAILURE_LIMIT ?? '20') || 20;
    const failures = await countAuthFailure(c.env.DB, clientOf(c));
    if (failures > limit) throw new ApiError('rate_limited', '登录失败次数过多，请一分钟后再试');
    throw new ApiError('unauthorized', '访问令牌无效或已被收回，请重新登录');
  }
  c.set('caller', caller);
  return caller;
}

/** Route middleware: only these roles may pass. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = await authenticate(c);
    if (!roles.includes(caller.role)) throw new ApiError('forbidden', '当前身份无权进行此操作');
    await next();
  };
}

export const anyRole = requireRole(...ROLES);

/** A clerk may act only for its own unit; admins and statisticians for any. */
export function assertUnitAccess(caller: Caller, unit: string): void {
  if (caller.role === 'clerk' && caller.unit !== unit) throw new ApiError('forbidden', '填报员只能查看和上报本单位的报表');
}
