/**
 * npm run upload -- --file <xlsx> --year <year> [--base <url>] [--token <token>] [--explanation <text>]
 *
 * Reads a filled workbook (Excel, WPS or LibreOffice), checks it locally with
 * the same rules as the server, and uploads the templates it holds in one
 * batch. Prints a line per template — the revision, or each issue with its
 * cell — and exits non-zero if anything was refused.
 */
import { readFileSync } from 'node:fs';
import { batchBody, checkReports, hasErrors, templateOf, unitContext, warnedTemplates, withCells, type Issue, type Me, type Receipt, type Unit } from '../shared/index.ts';
import { readReportWorkbook, WorkbookError } from '../shared/xlsx/index.ts';
import { api, CliError, expectOk, flag, parseArgs, runMain, server, type ErrorBody, type Server } from './cli.ts';

const USAGE = '用法：npm run upload -- --file <报表.xlsx> --year <年度> [--base <服务器地址>] [--token <令牌>] [--explanation <情况说明>]';

async function findUnit(s: Server, code: string): Promise<Unit> {
  const me = expectOk<Me>(await api(s, 'GET', '/me'));
  if (me.role === 'statistician') throw new CliError('统计员负责审核，不能上报报表；请使用管理员或本单位填报员的令牌');
  if (me.role === 'clerk') {
    if (!me.unit || me.unit.code !== code) throw new CliError(`报表的单位代码为“${code}”，而令牌属于单位“${me.unit?.code}”，请使用本单位的报表`);
    return me.unit;
  }
  let cursor = '';
  for (;;) {
    const page = expectOk<{ units: Unit[]; nextCursor?: string }>(await api(s, 'GET', `/units?limit=1000${cursor ? `&cursor=${cursor}` : ''}`));
    const u = page.units.find((x) => x.code === code);
    if (u) return u;
    if (!page.nextCursor) throw new CliError(`服务器上没有单位“${code}”，请先导入单位名册`);
    cursor = page.nextCursor;
  }
}

function printIssues(issues: Issue[]) {
  for (const i of issues) console.log(`  ${i.severity === 'error' ? '错误' : '提示'} ${i.code} ${i.cell ?? templateOf(i.template).sheet}：${i.message}`);
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2));
  const file = flag(flags, 'file');
  const year = Number(flag(flags, 'year'));
  if (!file || !Number.isInteger(year)) throw new CliError(USAGE, 2);
  const s = server(flags);
  const explanation = flag(flags, 'explanation')?.trim();

  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch {
    throw new CliError(`无法读取文件 ${file}`);
  }
  let wb;
  try {
    wb = readReportWorkbook(bytes, { year });
  } catch (e) {
    if (e instanceof WorkbookError) throw new CliError(`${file}：${e.message}`);
    throw e;
  }
  const codes = [...new Set(wb.reports.map((r) => r.unit.code).filter((c): c is string => !!c))];
  if (codes.length > 1) wb.problems.push(`各工作表的单位代码不一致（${codes.join('、')}），请核对`);
  if (codes.length === 0 && wb.reports.length) wb.problems.push('报表中找不到单位代码，请在“单位代码：”右侧填写');
  if (wb.problems.length) {
    console.log(`${file}：无法读取报表`);
    for (const p of wb.problems) console.log(`  ${p}`);
    return 1;
  }
  const unit = await findUnit(s, codes[0]!);
  console.log(`${file}：${unit.name}（${unit.code}），${year}年度，${wb.reports.map((r) => templateOf(r.template).sheet).join('、')}`);

  // The same stored context and checks as the pane: last year's counted 表1/表4, this year's other templates.
  const ctx = await unitContext({ get: async <T>(path: string) => expectOk<T>(await api(s, 'GET', path)) }, unit.code, year);
  const { issues } = checkReports(wb, year, unit.org, ctx);
  if (hasErrors(issues)) {
    console.log(`本地校验未通过，未上传（${issues.filter((i) => i.severity === 'error').length} 处错误）：`);
    printIssues(issues);
    return 1;
  }
  if (issues.length && !explanation) {
    console.log('报表有需要核实的提示，请核实后用 --explanation "情况说明" 说明原因再上传：');
    printIssues(issues);
    return 1;
  }

  // The explanation goes with the templates whose warnings it answers, not with the others.
  const explanations = Object.fromEntries(warnedTemplates(issues).map((t) => [t, explanation ?? '']));
  const res = await api<{ submissions: Receipt[] } | ErrorBody>(s, 'POST', '/submissions/batch', batchBody(wb.reports, unit.code, year, explanations));
  if (res.status === 200 || res.status === 201) {
    for (const r of (res.body as { submissions: Receipt[] }).submissions) {
      const sheet = templateOf(r.template).sheet;
      const none = wb.reports.find((x) => x.template === r.template)?.rows.length === 0 ? '（本年无）' : '';
      console.log(`  ${sheet}：已上报${none}，第 ${r.revision} 版，${r.createdAt}`);
    }
    if (res.status === 200) console.log('  内容与服务器上的最新版本相同，未产生新版本');
    return 0;
  }
  const e = (res.body as ErrorBody).error;
  console.log(`上传被拒绝：${e?.message ?? `HTTP ${res.status}`}`);
  // The server's issues carry no cell: map them back with the reader's cell map.
  printIssues(withCells(e?.issues ?? [], wb.reports));
  return 1;
}

runMain(main);
