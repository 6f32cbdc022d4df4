/**
 * Nothing lost, nothing duplicated, under load and when the worker is killed.
 * Runs against real `wrangler dev` processes over loopback (npm run test:faults).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReport, demoUnits, rng } from '../../scripts/demo.ts';
import { ADMIN, startDev, type Dev } from '../../scripts/dev-server.ts';
import { EDITIONS } from '../../shared/index.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const YEAR = 2025;
const LOAD = Number(process.env.FAULT_LOAD ?? 3000);
const KILL_UNITS = 240;

interface Answer {
  status: number | 'network';
  body?: any;
}

async function post(base: string, path: string, body: unknown): Promise<Answer> {
  try {
    const res = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    // A status whose body the kill cut off is no answer: the client has no receipt, and retries.
    return { status: res.status, body: await res.json() };
  } catch {
    return { status: 'network' };
  }
}

async function get(base: string, path: string) {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { status: res.status, text: await res.text() };
}

/** Every stored revision of the year, from the archive export. */
async function revisions(base: string): Promise<{ id: string; unit: string; template: string; revision: number; explanation: string | null }[]> {
  const r = await get(base, `/export/${YEAR}`);
  expect(r.status).toBe(200);
  return r.text.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'submission');
}

/** Runs `jobs` with `clients` concurrent workers; returns the answers in job order. */
async function run<T>(jobs: (() => Promise<T>)[], clients: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < jobs.length; i = next++) out[i] = await jobs[i]!();
  }));
  return out;
}

const units = demoUnits(KILL_UNITS);
let dev: Dev;

beforeAll(async () => {
  dev = await startDev();
  for (const u of units) expect((await post(dev.base, '/units', u)).status).toBe(201);
  const open = await fetch(`${dev.base}/api/v1/periods/${YEAR}`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open' }) });
  expect(open.status).toBe(200);
}, 120_000);

afterAll(() => dev?.stop());

describe('under load', () => {
  it(`${LOAD} uploads across units end with exactly as many stored revisions as 201 answers`, async () => {
    const t0 = performance.now();
    const answers = await run(
      Array.from({ length: LOAD }, (_, i) => () =>
        post(dev.base, '/submissions', {
          year: YEAR,
          unit: units[i % 40]!.code,
          template: 'awards',
          rows: [{ name: `负载测试奖${i}`, level: 'city', recipient_type: 'collective', recipient: '兴宾区第一小学', grantor: '来宾市人民政府', award_date: `${YEAR}-05` }],
        }),
      ),
      16,
    );
    const seconds = (performance.now() - t0) / 1000;
    const created = answers.filter((a) => a.status === 201).length;
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    const stored = (await revisions(dev.base)).filter((r) => r.template === 'awards');
    expect(stored).toHaveLength(created);
    // Per unit, revisions are numbered 1..n without gaps or repeats.
    for (const u of units.slice(0, 40)) {
      const mine = stored.filter((r) => r.unit === u.code).map((r) => r.revision).sort((a, b) => a - b);
      expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => i + 1));
    }
    console.log(`load: ${LOAD} uploads, ${created} × 201, ${stored.length} stored, ${Math.round(LOAD / seconds)} uploads/s`);
  }, 600_000);
});

describe('when the worker is killed (SIGKILL) in the middle of a load', () => {
  it('keeps every answered upload whole, and a retry of the unanswered ones makes no duplicate', async () => {
    const random = rng(42);
    const body = (u: (typeof units)[number]) => {
      const r = demoReport(u, YEAR, random);
      return { year: YEAR, unit: u.code, submissions: E2024.templates.map((t) => ({ template: t.id, rows: r[t.id], explanation: `中断测试 ${u.code}` })) };
    };
    const bodies = units.map(body);
    let answered = 0;
    let killed = false;
    const pid = dev.pid;
    const answers = await run(
      bodies.map((b) => async () => {
        const a = await post(dev.base, '/submissions/batch', b);
        if (a.status === 201 && ++answered === 60 && !killed) {
          killed = true;
          process.kill(-pid, 'SIGKILL');
        }
        return a;
      }),
      12,
    );
    expect(killed).toBe(true);
    const ok = answers.filter((a) => a.status === 201);
    const lost = answers.filter((a) => a.status === 'network');
    expect(ok.length).toBeGreaterThanOrEqual(60);
    expect(lost.length).toBeGreaterThan(0);

    dev = await startDev({ state: dev.state });
    const ours = (rs: Awaited<ReturnType<typeof revisions>>) => rs.filter((r) => r.explanation?.startsWith('中断测试'));
    const stored = ours(await revisions(dev.base));
    // Every upload answered 201 is there, revision by revision.
    const ids = new Set(stored.map((r) => r.id));
    for (const a of ok) for (const s of a.body.submissions) expect(ids.has(s.id)).toBe(true);
    // None is half-written: each unit has its four templates or none.
    const perUnit = new Map<string, number>();
    for (const r of stored) perUnit.set(r.unit, (perUnit.get(r.unit) ?? 0) + 1);
    for (const n of perUnit.values()) expect(n).toBe(4);

    // Retrying everything that got no answer: stored ones answer 200, the rest 201, and nothing is stored twice.
    const retried = await run(
      answers.map((a, i) => (a.status === 201 ? null : i)).filter((i): i is number => i !== null).map((i) => () => post(dev.base, '/submissions/batch', bodies[i])),
      8,
    );
    for (const r of retried) expect([200, 201]).toContain(r.status);
    const after = ours(await revisions(dev.base));
    expect(after).toHaveLength(units.length * 4);
    for (const u of units) expect(after.filter((r) => r.unit === u.code).map((r) => r.template).sort()).toEqual(['awards', 'funding', 'members', 'trainings']);
    console.log(`kill: ${ok.length} answered before SIGKILL, ${lost.length} unanswered, ${retried.filter((r) => r.status === 200).length} of those had been stored (200 on retry)`);
  }, 600_000);
});
