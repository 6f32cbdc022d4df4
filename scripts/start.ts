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
import { waitForHealth } from './dev-server.ts';
import { seed, type SeedResult } from './seed.ts';

const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
const STATE = '.wrangler/demo-tokens.json';

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, CI: '1' } });
  if (r.status !== 0) {
    console.error(`\n失败：${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
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
  run('npm', ['run', '-s', 'build']);
  run('npx', ['wrangler', 'd1', 'migrations', 'apply', 'DB', '--local']);

  const dev = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(PORT), '--show-interactive-dev-session=false'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CI: '1' },
  });
  const stop = () => dev.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  dev.on('exit', (code) => process.exit(code ?? 0));

  await waitForHealth(BASE);
  let tokens: SeedResult | null = existsSync(STATE) ? (JSON.parse(readFileSync(STATE, 'utf8')) as SeedResult) : null;
  const units = await fetch(`${BASE}/api/v1/units?limit=1`, { headers: { authorization: `Bearer ${admin}` } }).then((r) => r.json() as Promise<{ units: unknown[] }>);
  // A state from before areas has no district statistician: seed again into a fresh database if so.
  if (units.units.length === 0 || !tokens || !tokens.district) {
    console.log('正在写入演示数据（合山市：市本级和 3 个镇 × 9 类群团组织，3 个社区妇联；2024、2025 年度，及按 2026 版报表制度开始填报的 2026 年度）…');
    tokens = await seed(BASE, admin);
    mkdirSync('.wrangler', { recursive: true });
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

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
