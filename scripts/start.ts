/**
 * `npm start`: everything a newcomer needs on a fresh clone. Builds, applies
 * the local D1 migrations, starts `wrangler dev` (workerd + local SQLite),
 * seeds a demo city through the API the first time, and prints the URL and
 * tokens to try. The seed is never a migration: a production database starts
 * empty.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { waitForHealth } from './dev-server.ts';
import { EDITION_YEAR, LAST_YEAR, seed, THIS_YEAR, type SeedResult } from './seed.ts';

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
/** Where the local D1 and R2 live (wrangler's default unless QT_STATE names another folder: the start test uses its own). */
const PERSIST = process.env.QT_STATE ?? null;
const STATE = join(PERSIST ?? '.wrangler', 'demo-tokens.json');
const persist = PERSIST ? ['--persist-to', PERSIST] : [];

/** Runs a step quietly: its output is shown only when it fails. */
function run(what: string, cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' } });
  if (r.status !== 0) {
    console.error(`${r.stdout ?? ''}${r.stderr ?? ''}\n失败：${what}（${cmd} ${args.join(' ')}）`);
    process.exit(r.status ?? 1);
  }
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

/**
 * wrangler dev's own output, without what is noise here: offline, it cannot
 * fetch the `Request.cf` object from workers.cloudflare.com and prints a
 * warning with a stack trace (it falls back to a placeholder, which is all a
 * local run needs), and it offers updates that cannot be downloaded.
 */
export function devNoise(line: string): boolean {
  return /Unable to fetch the `Request\.cf` object|ENOTFOUND workers\.cloudflare\.com|^\s+at |update available/.test(line);
}

function pipeQuietly(stream: NodeJS.ReadableStream, out: NodeJS.WritableStream) {
  let rest = '';
  stream.setEncoding?.('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.trim() && !devNoise(line)) out.write(`${line}\n`);
  });
}

function adminToken(): string {
  if (!existsSync('.dev.vars')) {
    const token = `qt_${randomBytes(32).toString('base64url')}`;
    writeFileSync('.dev.vars', `# Local secrets for wrangler dev; never commit.\nADMIN_TOKEN=${token}\n`, { mode: 0o600 });
    console.log('已生成 .dev.vars（本地管理员令牌）');
  }
  const m = /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync('.dev.vars', 'utf8'));
  if (!m) throw new Error('.dev.vars 中没有 ADMIN_TOKEN');
  return m[1]!.trim();
}

async function main() {
  const admin = adminToken();
  console.log('正在构建…');
  run('构建', 'npm', ['run', '-s', 'build']);
  const migrated = run('数据库迁移', 'npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local', ...persist]);
  const applied = /Migrations to be applied/.test(migrated) ? (/About to apply (\d+) migration/.exec(migrated)?.[1] ?? '') : '';
  console.log(applied ? `本地数据库：已应用 ${applied} 个迁移` : '本地数据库：已是最新结构');

  // Errors only: a request line per request would push the banner out of sight.
  const dev = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(PORT), '--show-interactive-dev-session=false', '--log-level', 'error', ...persist], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  pipeQuietly(dev.stdout!, process.stdout);
  pipeQuietly(dev.stderr!, process.stderr);
  const stop = () => dev.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  dev.on('exit', (code) => process.exit(code ?? 0));

  console.log('正在启动本地服务（workerd + 本地 D1）…');
  await waitForHealth(BASE);
  let tokens: SeedResult | null = existsSync(STATE) ? (JSON.parse(readFileSync(STATE, 'utf8')) as SeedResult) : null;
  const units = await fetch(`${BASE}/api/v1/units?limit=1`, { headers: { authorization: `Bearer ${admin}` } }).then((r) => r.json() as Promise<{ units: unknown[] }>);
  // A state from before areas has no district statistician: seed again into a fresh database if so.
  if (units.units.length === 0 || !tokens || !tokens.district) {
    console.log(`正在写入演示数据（合山市：市本级和 3 个镇 × 9 类群团组织，3 个社区妇联；${LAST_YEAR}、${THIS_YEAR} 年度，及按 ${EDITION_YEAR} 版报表制度开始填报的 ${EDITION_YEAR} 年度）…`);
    tokens = await seed(BASE, admin);
    mkdirSync(dirname(STATE), { recursive: true });
    writeFileSync(STATE, JSON.stringify(tokens, null, 2), { mode: 0o600 });
  }
  console.log(`
──────────────────────────────────────────────────────────────
 群团组织年度统计报表 已启动
 网页版    ${BASE}/            （填报员、统计员在浏览器中使用）
 API       ${BASE}/api/v1/     （OpenAPI：${BASE}/api/v1/openapi.json）
 管理员令牌 ${admin}
 统计员令牌 ${tokens.statistician}   （全市）
 区镇统计员 ${tokens.district.token}   （${tokens.district.name}，只看本镇）
 填报员令牌 ${tokens.clerk.token}   （${tokens.clerk.name}，${tokens.clerk.unit}）
 按 Ctrl+C 停止。
──────────────────────────────────────────────────────────────`);
}

if (process.argv[1]?.endsWith('start.ts')) main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
