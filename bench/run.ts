/**
 * npm run bench [-- --quick]: how fast, how big, and how close to the floor.
 *
 * For each city size N it seeds a synthetic city (N units × 4 templates × 2
 * years, 0–10 trainings and 0–30 awards per unit) straight into the local D1
 * file, starts the real worker (`wrangler dev`, workerd) on it and measures the
 * consolidated JSON and .xlsx over HTTP. The floors are measured in the same
 * run on the same SQLite file: the consolidation as one SQL query in
 * better-sqlite3 plus JSON.stringify, and the same grid as plain SpreadsheetML
 * zipped with fflate. Upload latency is measured with 1, 8 and 32 concurrent
 * clients; validation of 10,000 award rows and the writer's peak memory in Node.
 * Results: a table, bench/results.json and docs/PERFORMANCE.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { canonicalRows, consolidatedLayout, DERIVED, editionForYear, encodeSums, sumsOf, validate, type Consolidated, type Row } from '../shared/index.ts';
import { xmlText } from '../shared/xlsx/index.ts';
import { demoReport, demoUnits, rng } from '../scripts/demo.ts';
import { ADMIN, migratedState, sqliteFile, startDev } from '../scripts/dev-server.ts';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [100, 1000] : [100, 1000, 5000];
const UPLOADS = quick ? 48 : 192;
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
}
const figures: Figure[] = [];
const fig = (f: Figure) => {
  if (f.floor !== undefined) f.ratio = Math.round((f.value / f.floor) * 100) / 100;
  figures.push(f);
  console.log(`${f.name.padEnd(44)} ${String(f.value).padStart(9)} ${f.unit}${f.floor !== undefined ? `   floor ${f.floor} ${f.unit}, ×${f.ratio}` : ''}`);
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
 * The floor of the consolidation: the one query any approach needs — every
 * counted revision's stored sums for the year and the year before — and
 * JSON.stringify of what it returns. Adding up is not even counted.
 */
function consolidationFloor(file: string): { ms: number; bytes: number } {
  const Database = sqlite();
  const db = new Database(file, { readonly: true });
  const stmt = db.prepare(
    `SELECT s.unit, s.template, s.year, s.sums FROM submissions s
     WHERE s.year IN (?, ?) AND s.status != 'returned'
       AND s.revision = (SELECT MAX(n.revision) FROM submissions n WHERE n.unit = s.unit AND n.year = s.year AND n.template = s.template)`,
  );
  const r = time(() => JSON.stringify({ counted: stmt.all(YEAR, YEAR - 1), derived: DERIVED.length }));
  db.close();
  return { ms: round(r.ms), bytes: r.value.length };
}

/** The floor of the workbook: the same grids as bare SpreadsheetML (values only), zipped by fflate. */
function xlsxFloor(c: Consolidated): number {
  const sheets = consolidatedLayout(c);
  return round(
    time(() => {
      const files: Record<string, Uint8Array> = {};
      sheets.forEach((s, i) => {
        const rows = s.grid.map((row, r) => `<row r="${r + 1}">${row.map((v) => (v === null ? '' : typeof v === 'number' ? `<c><v>${v}</v></c>` : `<c t="inlineStr"><is><t>${xmlText(String(v))}</t></is></c>`)).join('')}</row>`);
        files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`);
      });
      return zipSync(files, { level: 6 }).length;
    }).ms,
  );
}

async function get(base: string, path: string): Promise<Response> {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res;
}

/** Upload latency with `clients` concurrent clients, each uploading whole workbooks (batch of four). */
async function uploads(base: string, units: ReturnType<typeof demoUnits>, clients: number, total: number) {
  const random = rng(clients);
  const reports = units.slice(0, 64).map((u) => ({ u, r: demoReport(u, YEAR, random, undefined, SIZES_OF_LISTS) }));
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        const { u, r } = reports[i % reports.length]!;
        const body = JSON.stringify({ year: YEAR, unit: u.code, submissions: editionForYear(YEAR).templates.map((t) => ({ template: t.id, rows: r[t.id], explanation: `基准测试 ${clients}-${i}` })) });
        const s = performance.now();
        const res = await fetch(`${base}/api/v1/submissions/batch`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        latencies.push(performance.now() - s);
        if (res.status !== 201) failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { p50: round(pct(latencies, 50)), p95: round(pct(latencies, 95)), perSecond: round(total / seconds), failed };
}

/** Peak RSS growth of consolidate → layout → .xlsx in a fresh Node process (what the worker does per request). */
function writerMemory(n: number): number {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/xlsx-writers.ts', '--writer', 'ours', '--units', String(n)], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop();
  return line ? (JSON.parse(line) as { deltaMB: number }).deltaMB : NaN;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den ? num / den : 0;
}

async function main() {
  execFileSync('npx', ['tsx', 'scripts/build-pane.ts'], { stdio: 'ignore' });
  console.log(`bench ${quick ? '(quick)' : ''} on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  const json: number[] = [];
  const xlsx: number[] = [];
  for (const n of SIZES) {
    const state = migratedState();
    const file = sqliteFile(state);
    const units = seed(file, n);
    const floor = consolidationFloor(file);
    const dev = await startDev({ state });
    try {
      await get(dev.base, `/consolidated/${YEAR}`);
      // Timed to the last byte received; parsing on the client is not the server's cost.
      const j = await timeAsync(async () => (await get(dev.base, `/consolidated/${YEAR}`)).arrayBuffer());
      const consolidated = JSON.parse(new TextDecoder().decode(j.value)) as Consolidated;
      const x = await timeAsync(async () => (await get(dev.base, `/consolidated/${YEAR}/workbook.xlsx`)).arrayBuffer());
      json.push(j.ms);
      xlsx.push(x.ms);
      fig({ name: `consolidated JSON, ${n} units`, value: round(j.ms), unit: 'ms', floor: floor.ms, goal: n === 5000 ? '≤ 1000 ms, ≤ 2× floor' : '≤ 2× floor' });
      fig({ name: `consolidated JSON size, ${n} units`, value: round(j.value.byteLength / 1024), unit: 'KiB' });
      // The workbook endpoint reads and sums the same data, then writes: its floor is the read floor plus the bare write.
      fig({ name: `consolidated .xlsx, ${n} units`, value: round(x.ms), unit: 'ms', floor: round(floor.ms + xlsxFloor(consolidated)), goal: n === 5000 ? '≤ 2000 ms, ≤ 1.5× floor' : '≤ 1.5× floor' });
      fig({ name: `consolidated .xlsx size, ${n} units`, value: round(x.value.byteLength / 1024), unit: 'KiB' });
      // One 县 of ten (areas.md): it must take no longer than the whole city.
      await get(dev.base, `/consolidated/${YEAR}?area=BENCH-1`);
      const d = await timeAsync(async () => (await get(dev.base, `/consolidated/${YEAR}?area=BENCH-1`)).arrayBuffer());
      fig({ name: `consolidated JSON of one 县 (of 10), ${n} units`, value: round(d.ms), unit: 'ms', goal: `≤ city-wide (${round(j.ms)} ms)` });
      // Closing publishes the year (reporting-year.md): freeze, checksum, render and store the bodies.
      const t0 = performance.now();
      const closed = await fetch(`${dev.base}/api/v1/periods/${YEAR}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"status":"closed"}' });
      if (!closed.ok) throw new Error(`close: HTTP ${closed.status}`);
      fig({ name: `close and publish a year, ${n} units`, value: round(performance.now() - t0), unit: 'ms', goal: n === 5000 ? '≤ 10000 ms' : '' });
      const pj = await timeAsync(async () => (await get(dev.base, `/consolidated/${YEAR}`)).arrayBuffer());
      const px = await timeAsync(async () => (await get(dev.base, `/consolidated/${YEAR}/workbook.xlsx`)).arrayBuffer());
      fig({ name: `published JSON, ${n} units`, value: round(pj.ms), unit: 'ms' });
      fig({ name: `published .xlsx, ${n} units`, value: round(px.ms), unit: 'ms' });
      await fetch(`${dev.base}/api/v1/periods/${YEAR}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"status":"open"}' });
      if (n === SIZES[0]) {
        for (const clients of [1, 8, 32]) {
          const u = await uploads(dev.base, units, clients, UPLOADS);
          if (u.failed) throw new Error(`${u.failed} uploads failed at ${clients} clients`);
          fig({ name: `upload p50, ${clients} clients`, value: u.p50, unit: 'ms' });
          fig({ name: `upload p95, ${clients} clients`, value: u.p95, unit: 'ms', goal: clients === 8 ? '≤ 50 ms' : '' });
          fig({ name: `upload throughput, ${clients} clients`, value: u.perSecond, unit: 'workbooks/s' });
        }
      }
    } finally {
      dev.stop();
    }
  }
  fig({ name: 'consolidated JSON cost per unit (fitted slope)', value: round(slope(SIZES, json), 3), unit: 'ms/unit' });
  fig({ name: 'consolidated .xlsx cost per unit (fitted slope)', value: round(slope(SIZES, xlsx), 3), unit: 'ms/unit' });

  const random = rng(10_000);
  const awards: Row[] = [];
  const u = demoUnits(1)[0]!;
  while (awards.length < 10_000) awards.push(...demoReport(u, YEAR, random, undefined, { trainings: 0, awards: 30 }).awards!.map((a, i) => ({ ...a, name: `${a.name}${awards.length + i}` })));
  const v = time(() => validate('awards', awards.slice(0, 10_000), { year: YEAR, org: 'women' }), 5);
  if (v.value.length) throw new Error(`validation found ${v.value.length} issues in valid rows`);
  fig({ name: 'validate 10,000 award rows (Node)', value: round(v.ms), unit: 'ms', goal: '≤ 100 ms' });
  const big = SIZES[SIZES.length - 1]!;
  fig({ name: `peak memory growth, .xlsx of ${big} units (Node)`, value: writerMemory(big), unit: 'MB', goal: big === 5000 ? '< 64 MB' : '' });

  const results = { generatedAt: new Date().toISOString(), quick, machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, figures };
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten bench/results.json');
  if (!quick) writeFileSync('docs/PERFORMANCE.md', performanceDoc(results));
}

function performanceDoc(r: { generatedAt: string; machine: { cores: number; memoryGiB: number; node: string }; figures: Figure[] }): string {
  const previous = existsSync('docs/PERFORMANCE.md') ? readFileSync('docs/PERFORMANCE.md', 'utf8') : '';
  const notes = /## What was changed to get there[\s\S]*/.exec(previous)?.[0] ?? '## What was changed to get there\n\n(first measurement)\n';
  const rows = r.figures.map((f) => `| ${f.name} | ${f.value} ${f.unit} | ${f.floor !== undefined ? `${f.floor} ${f.unit}` : ''} | ${f.ratio ?? ''} | ${f.goal ?? ''} |`);
  return `# Performance

Latest full run of \`npm run bench\` (${r.generatedAt.slice(0, 10)}): ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node};
the worker in workerd through \`wrangler dev\` with local D1; floors measured in the same run on the same SQLite file
(better-sqlite3) and the same grids (bare SpreadsheetML + fflate). Machine-readable: \`bench/results.json\`.

| what | measured | floor | ratio | goal |
|---|---|---|---|---|
${rows.join('\n')}

${notes}`;
}

if (process.argv[1]?.endsWith('run.ts')) main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
