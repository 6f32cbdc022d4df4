/**
 * npm run bench [-- --quick]: how fast, how big, and how close to the floor.
 *
 * For each city size N it seeds a synthetic city (N units × 4 templates × 2
 * years, 0–10 trainings and 0–30 awards per unit; ten 县 with their 乡镇)
 * straight into the local D1 file, measures the floors on that same SQLite
 * file, then starts the real worker (`wrangler dev`, workerd) on it and
 * measures the endpoints over HTTP, each to its last byte:
 *
 * - the floors (bench/floor.ts): the worker's own code computing the same
 *   bodies in Node over better-sqlite3 — the JSON byte-equal to the
 *   endpoint's — so that what remains is the platform (D1's transport,
 *   workerd, HTTP);
 * - consolidated JSON (plain, gzip, columns), the workbook, one 县's JSON,
 *   closing and publishing the year, the published JSON and workbook;
 * - at the smallest size, uploads and GET /health each at 8 concurrent
 *   clients, and where an upload's time goes (its phases in Node; its D1
 *   round trips counted);
 * - a province's memory: the 128 MB run of tests/shared/province-memory.run.ts.
 *
 * Writes a table, bench/results.json (name, value, unit, floor, ratio, goal,
 * met) and, for a full run, docs/PERFORMANCE.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { batchSchema, canonicalRows, checksum, editionForYear, encodeSums, sumsOf, validate, type Row, type TemplateId } from '../shared/index.ts';
import { envOver, floorJson, floorUploads, floorXlsx, withoutTime, type SqliteDb as SqliteFloorDb } from './floor.ts';
import { demoReport, demoUnits, rng } from '../scripts/demo.ts';
import { ADMIN, migratedState, sqliteFile, startDev } from '../scripts/dev-server.ts';

const quick = process.argv.includes('--quick');
/** Three sizes at least, for the fit; 5,000 and 20,000 carry the goals. */
const SIZES = quick ? [200, 600, 1200] : [1000, 5000, 20000];
const UPLOADS = quick ? 64 : 320;
const YEAR = 2025;
const SIZES_OF_LISTS = { trainings: 10, awards: 30 };
const DEPS = join(process.cwd(), 'bench', '.deps');

interface Figure {
  name: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  goal?: string;
  met?: boolean;
}
const figures: Figure[] = [];
/** A figure; with `check`, whether it meets its goal (given the figure with its ratio). */
const fig = (f: Figure, check?: (f: Figure) => boolean) => {
  if (f.floor !== undefined) f.ratio = Math.round((f.value / f.floor) * 100) / 100;
  if (check) f.met = check(f);
  figures.push(f);
  const goal = f.goal ? `   goal ${f.goal}: ${f.met === undefined ? '' : f.met ? 'met' : 'NOT MET'}` : '';
  console.log(`${f.name.padEnd(52)} ${String(f.value).padStart(9)} ${f.unit}${f.floor !== undefined ? `   floor ${f.floor} ${f.unit}, ×${f.ratio}` : ''}${goal}`);
};

/** The little of better-sqlite3 the bench uses (the package lives outside the project's install). */
interface SqliteDb {
  prepare(sql: string): { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  transaction(fn: () => void): () => void;
  close(): void;
}
type Sqlite = new (file: string, opts?: { readonly?: boolean }) => SqliteDb;

/** better-sqlite3 lives outside the project's install (it compiles from source here, ~2 minutes). */
function sqlite(): Sqlite {
  const req = createRequire(join(DEPS, 'package.json'));
  try {
    return req('better-sqlite3');
  } catch {
    mkdirSync(DEPS, { recursive: true });
    if (!existsSync(join(DEPS, 'package.json'))) writeFileSync(join(DEPS, 'package.json'), '{"name":"bench-deps","private":true}\n');
    console.log('installing better-sqlite3@12.6.2 for the floor (once, ~2 minutes)…');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', DEPS, 'better-sqlite3@12.6.2'], { stdio: 'inherit' });
    return req('better-sqlite3');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

function time<T>(fn: () => T, runs = 3): { ms: number; value: T } {
  let value!: T;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = fn();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), value };
}

async function timeAsync<T>(fn: () => Promise<T>, runs = 3): Promise<{ ms: number; value: T }> {
  let value!: T;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    ms.push(performance.now() - t0);
  }
  return { ms: median(ms), value };
}

/** Writes the synthetic city into the D1 file the worker will open. */
export function seed(file: string, n: number) {
  const Database = sqlite();
  const db = new Database(file);
  const random = rng(n);
  const units = demoUnits(n);
  const now = new Date().toISOString();
  const insertUnit = db.prepare('INSERT INTO units (code, name, org, district, district_code, active, created_at, area) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
  // Three levels: the city, ten 区县, and the synthetic districts as 乡镇 below them.
  const insertArea = db.prepare('INSERT INTO areas (code, name, parent, level, district_code, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertSub = db.prepare(
    "INSERT INTO submissions (id, unit, year, template, revision, status, checksum, rows, data, warnings, explanation, signoff, created_at, created_by, sums) VALUES (?, ?, ?, ?, 1, 'submitted', ?, ?, ?, '[]', NULL, NULL, ?, 'bench', ?)",
  );
  db.transaction(() => {
    db.prepare("INSERT INTO periods (year, status, deadline, updated_at) VALUES (?, 'closed', NULL, ?), (?, 'open', ?, ?)").run(YEAR - 1, now, YEAR, `${YEAR + 1}-03-31`, now);
    let id = 0;
    const towns = new Set<string>();
    for (let k = 0; k < 10; k++) insertArea.run(`BENCH-${k}`, `第${k + 1}县`, 'CITY', 1, null, now);
    for (const u of units) {
      const town = `T${u.districtCode}`;
      if (!towns.has(town)) {
        towns.add(town);
        insertArea.run(town, u.district, `BENCH-${towns.size % 10}`, 2, u.districtCode, now);
      }
      insertUnit.run(u.code, u.name, u.org, `第${(towns.size % 10) + 1}县`, u.districtCode, now, town);
      const last = demoReport(u, YEAR - 1, random, undefined, SIZES_OF_LISTS);
      const cur = demoReport(u, YEAR, random, last, SIZES_OF_LISTS);
      for (const [year, r] of [[YEAR - 1, last], [YEAR, cur]] as const) {
        for (const t of editionForYear(year).templates) {
          id++;
          const data = canonicalRows(t, r[t.id]!, u.org);
          insertSub.run(`bench-${id}`, u.code, year, t.id, `seed-${id}`, JSON.stringify(r[t.id]), JSON.stringify(data), now, encodeSums(editionForYear(year), t, sumsOf(t, data, u.org)));
        }
      }
    }
  })();
  db.close();
  return units;
}

/**
 * A GET timed to its last byte as it comes over the wire (node:http: no
 * decoding), its size on the wire, and its text (gunzipped when gzipped).
 */
function wire(base: string, path: string, gzip = false): Promise<{ ms: number; bytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${ADMIN}`, 'accept-encoding': gzip ? 'gzip' : 'identity' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) return reject(new Error(`${path}: HTTP ${res.statusCode}`));
        const raw = Buffer.concat(chunks);
        resolve({ ms, bytes: raw.length, body: res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function timeWire(base: string, path: string, gzip = false, runs = 3) {
  const all = [];
  for (let i = 0; i < runs; i++) all.push(await wire(base, path, gzip));
  return { ms: round(median(all.map((r) => r.ms))), bytes: all[0]!.bytes, body: all[0]!.body };
}

/** `clients` concurrent clients sending `total` requests made by `send`; latencies to the last byte. */
async function load(clients: number, total: number, send: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const s = performance.now();
        const res = await send(i);
        await res.arrayBuffer();
        latencies.push(performance.now() - s);
        if (!res.ok) failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { p50: round(pct(latencies, 50)), p95: round(pct(latencies, 95)), perSecond: round(total / seconds), failed };
}

/** The workbooks the upload load sends: whole workbooks (batch of four), each a unit's own. */
function uploadBodies(units: ReturnType<typeof demoUnits>, salt: number): string[] {
  const random = rng(salt);
  return units.slice(0, 64).map((u) => {
    const r = demoReport(u, YEAR, random, undefined, SIZES_OF_LISTS);
    return JSON.stringify({ year: YEAR, unit: u.code, submissions: editionForYear(YEAR).templates.map((t) => ({ template: t.id, rows: r[t.id], explanation: `基准测试 ${salt}` })) });
  });
}

/**
 * Where an upload's CPU time goes, phase by phase, in Node on the bodies the
 * load sends (workerd's clock stands still while code runs, so a phase cannot
 * be timed inside it): parsing, the contract's schema, the checks, and making
 * the stored form (canonical rows, sums, checksum, the JSON written to D1).
 */
async function uploadPhases(bodies: string[]) {
  const edition = editionForYear(YEAR);
  const ms = { parse: 0, schema: 0, checks: 0, stored: 0 };
  let n = 0;
  for (let k = 0; k < 5; k++) {
    for (const body of bodies) {
      let t = performance.now();
      const json = JSON.parse(body) as { unit: string; submissions: { template: TemplateId; rows: Row[]; explanation: string }[] };
      ms.parse += performance.now() - t;
      t = performance.now();
      batchSchema.parse(json);
      ms.schema += performance.now() - t;
      t = performance.now();
      const others = Object.fromEntries(json.submissions.map((s) => [s.template, s.rows]));
      for (const s of json.submissions) validate(s.template, s.rows, { year: YEAR, edition, org: 'women', previous: {}, others });
      ms.checks += performance.now() - t;
      t = performance.now();
      for (const s of json.submissions) {
        const tp = edition.template(s.template);
        const data = canonicalRows(tp, s.rows, 'women');
        encodeSums(edition, tp, sumsOf(tp, data, 'women'));
        await checksum({ rows: data, explanation: s.explanation, signoff: null });
        JSON.stringify(s.rows);
        JSON.stringify(data);
      }
      ms.stored += performance.now() - t;
      n++;
    }
  }
  return { parse: round(ms.parse / n, 2), schema: round(ms.schema / n, 2), checks: round(ms.checks / n, 2), stored: round(ms.stored / n, 2) };
}

/** The province memory run (tests/shared/province-memory.run.ts) in a 128 MB Node. */
function provinceMemory(n: number): { peakBytes: number; jsonMs: number; xlsxMs: number; digestMs: number } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=128', '--expose-gc', '--import', 'tsx', 'tests/shared/province-memory.run.ts', String(n)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`province memory run failed: ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

/** Least-squares fit of y over x: slope and R². */
function fit(xs: number[], ys: number[]): { slope: number; r2: number } {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const syy = ys.reduce((a, y) => a + (y - my) ** 2, 0);
  const slope = sxx ? sxy / sxx : 0;
  return { slope, r2: sxx && syy ? (sxy * sxy) / (sxx * syy) : 1 };
}

const post = (base: string, path: string, body: string, method = 'POST') =>
  fetch(`${base}/api/v1${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body });

async function main() {
  execFileSync('npx', ['tsx', 'scripts/build-pane.ts'], { stdio: 'ignore' });
  console.log(`bench ${quick ? '(quick)' : ''} on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  const json: number[] = [];
  const xlsx: number[] = [];
  const Database = sqlite();
  const big = SIZES.includes(5000);
  for (const n of SIZES) {
    const state = migratedState();
    const file = sqliteFile(state);
    const units = seed(file, n);
    // The floors, on the same file, before the worker opens it.
    const db = new Database(file, { readonly: true }) as unknown as SqliteFloorDb;
    const env = envOver(db);
    const runs = n >= 20000 ? 2 : 3;
    const fj = await timeAsync(() => floorJson(env, YEAR), runs);
    const fx = await timeAsync(() => floorXlsx(env, YEAR), runs);
    db.close();
    const dev = await startDev({ state });
    try {
      const warm = await wire(dev.base, `/consolidated/${YEAR}`);
      if (withoutTime(warm.body.toString('utf8')) !== withoutTime(fj.value)) throw new Error(`the floor's JSON is not the endpoint's at ${n} units`);
      const j = await timeWire(dev.base, `/consolidated/${YEAR}`, false, runs);
      json.push(j.ms);
      const at5000 = n === 5000;
      fig({ name: `consolidated JSON, ${n} units`, value: j.ms, unit: 'ms', floor: round(fj.ms), goal: at5000 ? '≤ 2× floor' : n === 20000 ? '≤ 2000 ms' : '' }, at5000 ? (f) => f.ratio! <= 2 : n === 20000 ? (f) => f.value <= 2000 : undefined);
      fig({ name: `consolidated JSON size, ${n} units`, value: round(j.bytes / 1024), unit: 'KiB' });
      const g = await timeWire(dev.base, `/consolidated/${YEAR}`, true, runs);
      fig({ name: `consolidated JSON gzipped, ${n} units`, value: g.ms, unit: 'ms' });
      fig({ name: `consolidated JSON gzipped size, ${n} units`, value: round(g.bytes / 1024), unit: 'KiB' });
      const c = await timeWire(dev.base, `/consolidated/${YEAR}?shape=columns`, true, runs);
      fig({ name: `consolidated JSON in columns, gzipped, ${n} units`, value: c.ms, unit: 'ms' });
      fig({ name: `consolidated JSON in columns size (unzipped), ${n} units`, value: round(c.body.length / 1024), unit: 'KiB' });
      const x = await timeWire(dev.base, `/consolidated/${YEAR}/workbook.xlsx`, false, runs);
      xlsx.push(x.ms);
      fig({ name: `consolidated .xlsx, ${n} units`, value: x.ms, unit: 'ms', floor: round(fx.ms), goal: at5000 ? '≤ 1.5× floor' : n === 20000 ? '≤ 4000 ms' : '' }, at5000 ? (f) => f.ratio! <= 1.5 : n === 20000 ? (f) => f.value <= 4000 : undefined);
      fig({ name: `consolidated .xlsx size, ${n} units`, value: round(x.bytes / 1024), unit: 'KiB' });
      // One 县 of ten (areas.md): it must take no longer than the whole city.
      const d = await timeWire(dev.base, `/consolidated/${YEAR}?area=BENCH-1`, false, runs);
      fig({ name: `consolidated JSON of one 县 (of 10), ${n} units`, value: d.ms, unit: 'ms', goal: `≤ city-wide (${j.ms} ms)` }, (f) => f.value <= j.ms);
      // Closing publishes the year (reporting-year.md): freeze, checksum, render and store both bodies.
      const t0 = performance.now();
      const closed = await post(dev.base, `/periods/${YEAR}`, '{"status":"closed"}', 'PUT');
      if (!closed.ok) throw new Error(`close: HTTP ${closed.status}`);
      fig({ name: `close and publish a year, ${n} units`, value: round(performance.now() - t0), unit: 'ms' });
      const pj = await timeWire(dev.base, `/consolidated/${YEAR}`, true, runs);
      const px = await timeWire(dev.base, `/consolidated/${YEAR}/workbook.xlsx`, false, runs);
      // Against the same year's live figures just before it was closed, as a client that takes gzip gets them.
      fig({ name: `published JSON (as stored, gzip), ${n} units`, value: pj.ms, unit: 'ms', floor: g.ms, goal: at5000 ? '≤ ⅓ of live' : '' }, at5000 ? (f) => f.ratio! <= 1 / 3 : undefined);
      fig({ name: `published .xlsx (as stored), ${n} units`, value: px.ms, unit: 'ms', floor: x.ms, goal: at5000 ? '≤ ⅓ of live' : '' }, at5000 ? (f) => f.ratio! <= 1 / 3 : undefined);
      await post(dev.base, `/periods/${YEAR}`, '{"status":"open"}', 'PUT');
      if (n === SIZES[0]) {
        // Uploads against GET /health, both at 8 clients, in the same run: the ratio is what carries to production.
        const bodies = uploadBodies(units, 8);
        await load(8, 32, () => fetch(`${dev.base}/api/v1/health`));
        const h = await load(8, UPLOADS * 2, () => fetch(`${dev.base}/api/v1/health`));
        const u = await load(8, UPLOADS, (i) => post(dev.base, '/submissions/batch', bodies[i % bodies.length]!));
        if (u.failed || h.failed) throw new Error(`${u.failed} uploads and ${h.failed} health checks failed`);
        fig({ name: 'GET /health p95, 8 clients', value: h.p95, unit: 'ms' });
        fig({ name: 'upload p50, 8 clients', value: u.p50, unit: 'ms' });
        fig({ name: 'upload p95, 8 clients', value: u.p95, unit: 'ms', floor: h.p95, goal: '≤ 2.5× GET /health p95' }, (f) => f.ratio! <= 2.5);
        fig({ name: 'upload throughput, 8 clients', value: u.perSecond, unit: 'workbooks/s' });
        // The worker's own upload code in Node over the same SQLite file (wrangler dev stopped, its state kept), each D1 call timed.
        dev.stop(true);
        await new Promise((r) => setTimeout(r, 1500));
        const wdb = new Database(file) as unknown as SqliteFloorDb;
        const fu = await floorUploads(wdb, uploadBodies(units, 9));
        wdb.close();
        fig({ name: 'upload: D1 round trips per workbook (worker code in Node)', value: round(fu.roundTrips / fu.uploads, 2), unit: '' });
        fig({ name: 'upload: SQLite time per workbook (worker code in Node)', value: round(fu.d1Ms / fu.uploads, 2), unit: 'ms' });
        fig({ name: 'upload: all but D1 per workbook (worker code in Node)', value: round((fu.totalMs - fu.d1Ms) / fu.uploads, 2), unit: 'ms' });
        const phases = await uploadPhases(bodies);
        fig({ name: 'upload phase: JSON.parse of the body (Node)', value: phases.parse, unit: 'ms' });
        fig({ name: 'upload phase: the contract schema (zod, Node)', value: phases.schema, unit: 'ms' });
        fig({ name: 'upload phase: the checks of four templates (Node)', value: phases.checks, unit: 'ms' });
        fig({ name: 'upload phase: rows, sums, checksum, stored JSON (Node)', value: phases.stored, unit: 'ms' });
      }
    } finally {
      dev.stop();
    }
  }
  const fj = fit(SIZES, json);
  const fx = fit(SIZES, xlsx);
  fig({ name: 'consolidated JSON cost per unit (fitted slope)', value: round(fj.slope, 4), unit: 'ms/unit' });
  fig({ name: 'consolidated JSON fit over the sizes (R²)', value: round(fj.r2, 4), unit: '', goal: '≥ 0.98' }, (f) => f.value >= 0.98);
  fig({ name: 'consolidated .xlsx cost per unit (fitted slope)', value: round(fx.slope, 4), unit: 'ms/unit' });
  fig({ name: 'consolidated .xlsx fit over the sizes (R²)', value: round(fx.r2, 4), unit: '', goal: '≥ 0.98' }, (f) => f.value >= 0.98);

  const random = rng(10_000);
  const awards: Row[] = [];
  const u = demoUnits(1)[0]!;
  while (awards.length < 10_000) awards.push(...demoReport(u, YEAR, random, undefined, { trainings: 0, awards: 30 }).awards!.map((a, i) => ({ ...a, name: `${a.name}${awards.length + i}` })));
  const v = time(() => validate('awards', awards.slice(0, 10_000), { year: YEAR, org: 'women' }), 5);
  if (v.value.length) throw new Error(`validation found ${v.value.length} issues in valid rows`);
  fig({ name: 'validate 10,000 award rows (Node)', value: round(v.ms), unit: 'ms', goal: '≤ 100 ms' }, (f) => f.value <= 100);
  const province = quick ? 5000 : 20000;
  const m = provinceMemory(province);
  fig({ name: `peak live heapUsed + external, ${province} units: JSON, .xlsx, checksum (Node, 128 MB heap)`, value: round(m.peakBytes / 2 ** 20), unit: 'MB', goal: '< 128 MB' }, (f) => f.value < 128);
  if (!big) console.log('\n(quick: the goals at 5,000 and 20,000 units are measured by a full run)');

  const results = { generatedAt: new Date().toISOString(), quick, machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, figures };
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten bench/results.json');
  if (!quick) writeFileSync('docs/PERFORMANCE.md', performanceDoc(results));
}

function performanceDoc(r: { generatedAt: string; machine: { cores: number; memoryGiB: number; node: string }; figures: Figure[] }): string {
  const previous = existsSync('docs/PERFORMANCE.md') ? readFileSync('docs/PERFORMANCE.md', 'utf8') : '';
  const notes = /## What was changed to get there[\s\S]*/.exec(previous)?.[0] ?? '## What was changed to get there\n\n(first measurement)\n';
  const rows = r.figures.map((f) => `| ${f.name} | ${f.value} ${f.unit} | ${f.floor !== undefined ? `${f.floor} ${f.unit}` : ''} | ${f.ratio ?? ''} | ${f.goal ?? ''} | ${f.met === undefined ? '' : f.met ? 'met' : '**not met**'} |`);
  return `# Performance

Latest full run of \`npm run bench\` (${r.generatedAt.slice(0, 10)}): ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node};
the worker in workerd through \`wrangler dev\` with local D1, each body timed to its last byte over HTTP. The **floor** of a
body is the worker's own code computing it in Node from the same SQLite file through better-sqlite3 (\`bench/floor.ts\`):
the same reads, sums, JSON (byte-equal to the endpoint's, checked in every run) and zip — nothing but SQLite and
JSON/zip under it — so a ratio is what D1's transport, workerd and HTTP add. A published body’s “floor” column is the
same year's live body measured just before it was closed; the upload's is \`GET /health\` at the same load.
Machine-readable: \`bench/results.json\`.

| what | measured | floor | ratio | goal | |
|---|---|---|---|---|---|
${rows.join('\n')}

${notes}`;
}

if (process.argv[1]?.endsWith('run.ts')) main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
