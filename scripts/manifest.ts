/**
 * npm run manifest -- --base https://report.example.org [--out dist/manifest.xml]
 * Writes a copy of manifest.xml whose pane, icon and domain URLs point at the
 * production origin instead of https://localhost:8787.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError, flag, parseArgs, runMain } from './cli.ts';

export const DEV_ORIGIN = 'https://localhost:8787';

export function manifestFor(xml: string, origin: string): string {
  const url = new URL(origin);
  if (url.protocol !== 'https:') throw new CliError('Office 加载项只能从 https 地址加载，请提供 https:// 开头的地址', 2);
  return xml.split(DEV_ORIGIN).join(url.origin);
}

const USAGE = '用法：npm run manifest -- --base https://<生产地址> [--out dist/manifest.xml]';

runMain(async () => {
  const { flags, words } = parseArgs(process.argv.slice(2), { base: 'value', out: 'value', help: 'switch' }, USAGE);
  if (flags.has('help')) throw new CliError(USAGE, 0);
  if (words.length) throw new CliError(`多余的参数：${words.join(' ')}\n${USAGE}`, 2);
  const base = flag(flags, 'base');
  if (!base) throw new CliError(USAGE, 2);
  const out = flag(flags, 'out') ?? 'dist/manifest.xml';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, manifestFor(readFileSync('manifest.xml', 'utf8'), base));
  console.log(`已写入 ${out}（加载项地址：${new URL(base).origin}）`);
  return 0;
});
