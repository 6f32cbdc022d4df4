import { describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

describe('GET /health', () => {
  it('answers ok with the version, without a token', async () => {
    const res = await call('/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, version: '0.1.0' });
  });
});
