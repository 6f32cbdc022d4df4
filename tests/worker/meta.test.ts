import { describe, expect, it } from 'vitest';
import { auditPageSchema, EDITIONS, consolidatedSchema, progressSchema, templatesResponse } from '../../shared/index.ts';
import { call, createToken, createUnit, openYear } from './helpers.ts';

describe('GET /settings, /templates (anyone)', () => {
  it('serves the names printed on the forms', async () => {
    const res = await call('/settings', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ city: '合山市', issuer: '合山市委群团工作领导小组办公室', docNo: '合群统备〔2024〕1号', validUntil: '2027年12月' });
  });
  it('serves the catalog as the shared code states it', async () => {
    const res = await call('/templates', { token: null });
    expect(res.status).toBe(200);
    // Without a year: the 2024 edition, as v1 clients have always read it.
    expect(res.body).toEqual(templatesResponse(EDITIONS['2024']));
  });
});

describe('GET /me', () => {
  it("tells a clerk its role and unit, a statistician its role", async () => {
    const unit = await createUnit('science', { name: '兴宾区科协', districtCode: '451302' });
    const clerk = await createToken('clerk', unit);
    expect((await call('/me', { token: clerk.token })).body).toEqual({
      role: 'clerk',
      unit: { code: unit, name: '兴宾区科协', org: 'science', district: '兴宾区', districtCode: '451302', active: true, area: expect.any(String), contact: null, phone: null },
      area: null,
    });
    const st = await createToken('statistician');
    expect((await call('/me', { token: st.token })).body).toEqual({ role: 'statistician', unit: null, area: null });
  });
});

describe('GET /openapi.json', () => {
  it('describes every endpoint of the contract, generated from the zod schemas', async () => {
    const res = await call('/openapi.json', { token: null });
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    const want: [string, string][] = [
      ['get', '/health'], ['get', '/openapi.json'], ['get', '/settings'], ['get', '/me'], ['get', '/templates'],
      ['get', '/units'], ['post', '/units'], ['patch', '/units/{code}'], ['post', '/tokens'], ['get', '/tokens'], ['delete', '/tokens/{id}'],
      ['get', '/periods'], ['put', '/periods/{year}'], ['post', '/submissions'], ['post', '/submissions/batch'], ['get', '/submissions'],
      ['get', '/submissions/{id}'], ['post', '/submissions/{id}/review'], ['get', '/progress/{year}'], ['get', '/consolidated/{year}'], ['get', '/audit'],
      ['get', '/templates/{year}/workbook.xlsx'], ['get', '/consolidated/{year}/workbook.xlsx'], ['get', '/export/{year}'], ['post', '/import'],
    ];
    for (const [method, path] of want) {
      if (path === '/openapi.json') continue;
      expect(paths[`/api/v1${path}`]?.[method], `${method} ${path}`).toBeDefined();
    }
    const body = JSON.stringify(paths['/api/v1/submissions']!.post!.requestBody);
    for (const key of ['year', 'unit', 'template', 'rows', 'explanation', 'signoff']) expect(body).toContain(`"${key}"`);
  });

  it('describes the bodies of progress, consolidation, the audit log and the archive, not just "an object"', async () => {
    const paths = (await call('/openapi.json', { token: null })).body.paths;
    const schema = (path: string, type = 'application/json') => JSON.stringify(paths[`/api/v1${path}`].get.responses['200'].content[type].schema);
    for (const key of ['summary', 'expected', 'overdue', 'templates']) expect(schema('/progress/{year}')).toContain(`"${key}"`);
    for (const key of ['sheets', 'trainingsByCategory', 'columns', 'rows', 'subtotal', 'previous', 'change', 'progress']) expect(schema('/consolidated/{year}')).toContain(`"${key}"`);
    for (const key of ['events', 'actor', 'status', 'nextCursor']) expect(schema('/audit')).toContain(`"${key}"`);
    for (const key of ['archive', 'unit', 'period', 'submission', 'review', 'checksum']) expect(schema('/export/{year}', 'application/x-ndjson')).toContain(`"${key}"`);
    for (const key of ['status', 'cursor', 'template']) expect(JSON.stringify(paths['/api/v1/submissions'].get.parameters)).toContain(`"${key}"`);
  });

  it('answers with bodies that fit the schemas it documents', async () => {
    await openYear(2024);
    expect(progressSchema.safeParse((await call('/progress/2024')).body).success).toBe(true);
    expect(consolidatedSchema.safeParse((await call('/consolidated/2024')).body).success).toBe(true);
    expect(auditPageSchema.safeParse((await call('/audit')).body).success).toBe(true);
  });
});

describe('every response', () => {
  it('answers an unknown API path with the error body', async () => {
    const res = await call('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: '找不到该地址' } });
  });
  it('carries security headers that still let Excel on the web frame the pane', async () => {
    const res = await call('/health', { token: null });
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(res.headers.get('content-security-policy')).toContain('https://*.officeapps.live.com');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
  it('allows CORS only for configured origins', async () => {
    const env = { ALLOWED_ORIGINS: 'https://pane.example.org' };
    const ok = await call('/health', { token: null, headers: { origin: 'https://pane.example.org' }, env });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://pane.example.org');
    const other = await call('/health', { token: null, headers: { origin: 'https://evil.example.com' }, env });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('never leaks a stack trace on a failure it did not expect', async () => {
    // A D1 binding that throws stands in for an outage.
    const broken = { DB: { prepare: () => { throw new Error('D1_ERROR: disk I/O error at /internal/path.ts:42'); } } as unknown as D1Database };
    const res = await call('/periods', { env: broken });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: '服务器内部错误，请稍后重试' } });
  });
});
