/**
 * The worker's app: `/api/v1` (the HTTP contract) and, beside it, the task
 * pane's static files, so the pane's API calls are same-origin.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { clientOf } from './auth.ts';
import { writeAudit } from './db/audit.ts';
import { VERSION, type AppEnv } from './env.ts';
import { ApiError, errorResponse, onError, validationHook } from './errors.ts';
import { meta } from './routes/meta.ts';
import { periods } from './routes/periods.ts';
import { reports } from './routes/reports.ts';
import { submissions } from './routes/submissions.ts';
import { tokens } from './routes/tokens.ts';
import { units } from './routes/units.ts';
import { workbooks } from './routes/workbooks.ts';
import { archive, MAX_ARCHIVE } from './routes/archive.ts';
import { analysis } from './routes/analysis.ts';
import { areas } from './routes/areas.ts';
import { targets } from './routes/targets.ts';
import { WPS_FILES, WPS_FOLDER } from './wps-addin.ts';

export const API = '/api/v1';
export const MAX_BODY = 2 * 1024 * 1024;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Where Office hosts the pane: Excel on the web frames it from these origins. */
const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.sharepoint.com',
  'https://*.cloud.microsoft',
  'https://*.microsoft.com',
];

export function buildApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(
    '*',
    secureHeaders({
      // Excel on the web shows the pane in an iframe: no X-Frame-Options, and frame-ancestors lists Office's hosts.
      xFrameOptions: false,
      crossOriginOpenerPolicy: 'unsafe-none',
      // What Office.js itself needs, checked against its code (the copy in OfficeDev/office-js,
      // dist/office.debug.js, last changed 2022; the CDN's may be newer) and office-js issues, as
      // Microsoft publishes no list (office-js #1005, an open doc request):
      // - script-src: office.js loads its host file (e.g. excel-web-16.00.js), its locale strings and
      //   its telemetry script from its own folder on appsforoffice.microsoft.com. #1005 also names
      //   ajax.aspnetcdn.com (MicrosoftAjax.js): office.js loads it only when `requiresMsAjax` is set,
      //   which that copy never sets, so it is not allowed here.
      // - style-src 'unsafe-inline': excel-web-16.00.js sets inline styles (office-js #1687).
      // - connect-src 'self': Office.js's telemetry posts to *.pipe.aria.microsoft.com (#1005); the
      //   pane sends nothing to third parties, so that is refused on purpose (the README's manual
      //   test checks that the pane works with it refused).
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: OFFICE_FRAME_ANCESTORS,
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    }),
  );

  app.use(`${API}/*`, async (c, next) => {
    const allowed = (c.env.ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return cors({ origin: (origin) => (allowed.includes(origin) ? origin : null), allowHeaders: ['Authorization', 'Content-Type'], maxAge: 600 })(c, next);
  });

  // Every mutating request is audited, refused ones included; the token itself is never written.
  app.use(`${API}/*`, async (c, next) => {
    c.set('caller', null);
    c.set('errorCode', null);
    await next();
    if (!MUTATING.has(c.req.method)) return;
    const caller = c.get('caller');
    const write = writeAudit(c.env.DB, {
      actor: caller?.id ?? null,
      role: caller?.role ?? null,
      method: c.req.method,
      path: c.req.path.slice(0, 300),
      status: c.res.status,
      code: c.get('errorCode'),
      client: clientOf(c).slice(0, 64),
    }).catch((e: unknown) => console.error('audit write failed', e instanceof Error ? e.message : String(e)));
    // Off the response's path: Workers keeps the isolate alive until it is written.
    let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      /* called without an execution context (tests calling app.fetch directly) */
    }
    if (ctx) ctx.waitUntil(write);
    else await write;
  });

  // 2 MiB for every body, as the contract says; a year's archive (POST /import) may be larger.
  const limits = {
    body: bodyLimit({ maxSize: MAX_BODY, onError: () => { throw new ApiError('payload_too_large', '请求内容超过 2 MiB，请分批上传'); } }),
    archive: bodyLimit({ maxSize: MAX_ARCHIVE, onError: () => { throw new ApiError('payload_too_large', '备份文件超过 64 MiB'); } }),
  };
  app.use(`${API}/*`, (c, next) => (c.req.path === `${API}/import` ? limits.archive : limits.body)(c, next));

  for (const sub of [meta, areas, units, tokens, periods, submissions, reports, analysis, targets, workbooks, archive]) app.route(API, sub);

  app.doc(`${API}/openapi.json`, {
    openapi: '3.0.3',
    info: { title: '群团组织年度统计报表 API', version: VERSION, description: 'HTTP API v1. Errors: {error: {code, message, issues?}}.' },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });

  // The WPS 表格 add-in's files name the origin they are asked on (wps-addin.ts); WPS fetches
  // them afresh in online mode, so nothing may keep an old copy.
  for (const [name, file] of Object.entries(WPS_FILES)) {
    const paths = name === 'index.html' ? [WPS_FOLDER, `${WPS_FOLDER}${name}`] : [`${WPS_FOLDER}${name}`];
    for (const path of paths)
      app.get(path, (c) => c.body(file.body(new URL(c.req.url).origin), 200, { 'content-type': file.type, 'cache-control': 'no-cache' }));
  }

  app.notFound(async (c) => {
    if (c.req.path.startsWith(`${API}/`) || c.req.path === API || !c.env.ASSETS) return errorResponse(c, new ApiError('not_found', '找不到该地址'));
    // The pane's files; copied into a response of our own so the security headers can be added.
    const url = new URL(c.req.url);
    if (url.pathname === '/') url.pathname = '/index.html';
    const res = await c.env.ASSETS.fetch(new Request(url, c.req.raw));
    const out = new Response(res.body, res);
    // The icons the manifest names: Workers static assets add `Cache-Control: public, max-age=0,
    // must-revalidate` (developers.cloudflare.com/workers/static-assets/headers), but "the server
    // hosting an image resource must not add any CACHE-CONTROL directives to the response header.
    // These directives result in Office automatically substituting a generic or default image"
    // (learn.microsoft.com/javascript/api/manifest/image). New icons therefore need new URLs.
    if (url.pathname.startsWith('/assets/')) out.headers.delete('Cache-Control');
    return out;
  });
  app.onError(onError);
  return app;
}

export const app = buildApp();
