import { describe, expect, it } from 'vitest';
import { ADMIN, call, count, createToken, createUnit, uniq } from './helpers.ts';

const unauthorized = { error: { code: 'unauthorized', message: expect.any(String) } };

describe('authentication', () => {
  it('refuses a request without a token with 401 and the one error body', async () => {
    const res = await call('/units', { token: null });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(unauthorized);
  });

  it('refuses an unknown token, a malformed header and a wrong admin secret', async () => {
    for (const headers of [{ authorization: 'Bearer qt_nope' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }, { authorization: `Bearer ${ADMIN}x` }, { authorization: 'Bearer' }]) {
      const res = await call('/me', { headers, token: null });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body).toEqual(unauthorized);
    }
  });

  it('accepts the bootstrap admin from ADMIN_TOKEN', async () => {
    const res = await call('/me');
    expect(res.body).toEqual({ role: 'admin', unit: null, area: null });
  });

  it('answers 401 to a token from the moment it is revoked', async () => {
    const unit = await createUnit('arts');
    const t = await createToken('clerk', unit);
    expect((await call('/me', { token: t.token })).status).toBe(200);
    expect((await call(`/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call('/me', { token: t.token })).status).toBe(401);
    expect((await call(`/tokens/${t.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 429 past the configured number of failures a minute from one client, and lets a valid token through', async () => {
    const client = { 'cf-connecting-ip': `10.0.0.${Math.floor(Math.random() * 250)}-${uniq()}` };
    const settings = { AUTH_FAILURE_LIMIT: '3' };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call('/me', { token: 'qt_guess', headers: client, env: settings })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await call('/me', { token: 'qt_guess', headers: client, env: settings });
    expect(limited.body).toEqual({ error: { code: 'rate_limited', message: '登录失败次数过多，请一分钟后再试' } });
    expect((await call('/me', { headers: client, env: settings })).status).toBe(200);
    // Another client is not affected.
    expect((await call('/me', { token: 'qt_guess', headers: { 'cf-connecting-ip': uniq() }, env: settings })).status).toBe(401);
  });

  it('keeps tokens out of the audit log and out of token lists', async () => {
    const t = await createToken('statistician');
    await call('/units', { token: t.token, body: { code: uniq(), name: 'x', org: 'arts', district: 'y' } });
    expect(await count('audit', 'actor = ?1 OR path LIKE ?2 OR client LIKE ?2', t.token, `%${t.token.slice(3, 20)}%`)).toBe(0);
    const list = await call('/tokens?limit=1000');
    expect(JSON.stringify(list.body)).not.toContain(t.token);
    expect(JSON.stringify(list.body)).not.toContain('hash');
  });

  it('issues tokens of at least 128 random bits, each different', async () => {
    const a = await createToken('statistician');
    const b = await createToken('statistician');
    expect(a.token).not.toBe(b.token);
    // qt_ + base64url of 32 bytes = 43 characters of 6 bits: 256 bits.
    expect(a.token).toMatch(/^qt_[A-Za-z0-9_-]{43}$/);
  });
});
