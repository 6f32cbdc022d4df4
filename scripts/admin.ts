/**
 * npm run admin -- <command>: running a city's reporting from the command line,
 * through the HTTP API (so it works the same against local and production).
 *
 *   units import <roster.csv|roster.xlsx>      create and update units from a roster
 *   units list
 *   tokens issue --role clerk (--all-units | --units A,B) --out <file.csv|file.xlsx>
 *   tokens issue --role statistician|admin [--label 名称] --out <file>
 *   tokens list
 *   tokens revoke <id>
 *   periods open <year> [--deadline YYYY-MM-DD]
 *   periods close <year>                       closing publishes the year (a version; prints its checksum)
 *   versions <year>                            the published versions and what each changed
 *   corrections open <year> --unit <code> --templates members,trainings --reason <更正原因>
 *   corrections list <year>
 *   corrections close <year> <id>              publishes the next version with exactly what changed
 *   export <year> --out <file.jsonl>           the archive, and the consolidated workbook beside it
 *   import <file.jsonl>
 *
 * Every command takes --base <url> and --token <token> (or QUNTUAN_BASE and
 * QUNTUAN_TOKEN) and exits non-zero when anything it was asked to do failed.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { chinaTime, ORG_TYPES, sheetOf, templateOf, TEMPLATE_IDS, type Correction, type TemplateId, type Unit, type Version } from '../shared/index.ts';
import { parseCsv } from '../shared/csv.ts';
import { norm, type CellValue } from '../shared/grid.ts';
import { readXlsx, writeXlsx, WorkbookError } from '../shared/xlsx/index.ts';
import { api, CliError, expectOk, flag, onlyFlags, parseArgs, runMain, server, type Server } from './cli.ts';


const USAGE = `用法：npm run admin -- <命令> [--base <地址>] [--token <令牌>]
  units import <名册.csv|名册.xlsx|名册.ods> | units list
  tokens issue --role clerk (--all-units | --units 代码1,代码2) --out <分发表.csv|.xlsx>
  tokens issue --role statistician [--label 名称] --out <文件> | tokens list | tokens revoke <编号>
  periods open <年度> [--deadline YYYY-MM-DD] | periods close <年度>（关闭即发布）| versions <年度>
  corrections open <年度> --unit <单位代码> --templates members,trainings --reason <更正原因>
  corrections list <年度> | corrections close <年度> <更正编号>
  export <年度> --out <备份.jsonl> | import <备份.jsonl>`;

async function allUnits(s: Server): Promise<Unit[]> {
  const out: Unit[] = [];
  let cursor = '';
  for (;;) {
    const page = expectOk<{ units: Unit[]; nextCursor?: string }>(await api(s, 'GET', `/units?limit=1000${cursor ? `&cursor=${cursor}` : ''}`));
    out.push(...page.units);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

/** Text from a file saved by Excel or WPS: UTF-8 (with or without BOM), else GBK. */
function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

const COLUMNS = { code: '单位代码', name: '单位名称', org: '组织类型', district: '所属区县', districtCode: '行政区划代码' } as const;

export interface RosterLine {
  line: number;
  code: string;
  name: string;
  org: string;
  district: string;
  districtCode: string;
}

/** The roster's lines, found by their header labels (any column order). */
export function readRoster(file: string, bytes: Uint8Array): RosterLine[] {
  let grid: CellValue[][];
  if (/\.(csv|txt)$/i.test(file)) grid = parseCsv(decode(bytes));
  else {
    // Through the one reader: .xlsx and .ods are read, .xls and the rest refused by name.
    try {
      grid = readXlsx(bytes, { name: file })[0]?.grid ?? [];
    } catch (e) {
      if (e instanceof WorkbookError) throw new CliError(`${file}：${e.message}`);
      throw e;
    }
  }
  const h = grid.findIndex((r) => r.some((v) => norm(v) === COLUMNS.code) && r.some((v) => norm(v) === COLUMNS.org));
  if (h < 0) throw new CliError(`${file}：找不到表头，应有列：${Object.values(COLUMNS).join('、')}（行政区划代码可选）`);
  const col = (label: string) => grid[h]!.findIndex((v) => norm(v) === label);
  const at = (r: CellValue[], label: string) => {
    const c = col(label);
    const v = c < 0 ? null : r[c];
    return v === null || v === undefined ? '' : String(v).trim();
  };
  const lines: RosterLine[] = [];
  for (let r = h + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    if (row.every((v) => v === null || String(v).trim() === '')) continue;
    lines.push({ line: r + 1, code: at(row, COLUMNS.code), name: at(row, COLUMNS.name), org: at(row, COLUMNS.org), district: at(row, COLUMNS.district), districtCode: at(row, COLUMNS.districtCode) });
  }
  return lines;
}

/** Every problem of the roster against the units that exist; empty when it can be applied. */
export function rosterProblems(lines: RosterLine[], existing: Unit[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const byCode = new Map(existing.map((u) => [u.code, u]));
  for (const l of lines) {
    const say = (m: string) => problems.push(`第 ${l.line} 行${l.code ? `（${l.code}）` : ''}：${m}`);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(l.code)) say(`单位代码“${l.code}”不合规范，只能由 1–32 位字母、数字、- 或 _ 组成`);
    if (seen.has(l.code)) say(`单位代码与第 ${seen.get(l.code)} 行重复`);
    else seen.set(l.code, l.line);
    if (!l.name) say('单位名称不能为空');
    if (!l.district) say('所属区县不能为空');
    const org = ORG_TYPES.find((o) => o.label === l.org || o.key === l.org);
    if (!org) say(`组织类型“${l.org}”不存在，应为：${ORG_TYPES.map((o) => o.label).join('、')}`);
    if (l.districtCode && !/^\d{6,12}$/.test(l.districtCode)) say(`行政区划代码“${l.districtCode}”应为 6–12 位数字`);
    const old = byCode.get(l.code);
    if (old && org && old.org !== org.key) say(`已有单位的组织类型为“${ORG_TYPES.find((o) => o.key === old.org)!.label}”，组织类型不能更改`);
  }
  return problems;
}

async function unitsImport(s: Server, file: string): Promise<number> {
  const lines = readRoster(file, new Uint8Array(readFileSync(file)));
  const existing = await allUnits(s);
  const problems = rosterProblems(lines, existing);
  if (problems.length) {
    console.log(`${file}：名册有 ${problems.length} 处问题，整个文件未导入：`);
    for (const p of problems) console.log(`  ${p}`);
    return 1;
  }
  const byCode = new Map(existing.map((u) => [u.code, u]));
  let failed = 0;
  const counts = { created: 0, updated: 0, same: 0 };
  for (const l of lines) {
    const org = ORG_TYPES.find((o) => o.label === l.org || o.key === l.org)!.key;
    const districtCode = l.districtCode || null;
    const old = byCode.get(l.code);
    let result: string;
    if (!old) {
      const r = await api(s, 'POST', '/units', { code: l.code, name: l.name, org, district: l.district, ...(districtCode ? { districtCode } : {}) });
      result = r.status === 201 ? '新建' : `失败（HTTP ${r.status}）`;
      if (r.status === 201) counts.created++;
    } else if (old.name === l.name && old.district === l.district && old.districtCode === districtCode) {
      result = '未变化';
      counts.same++;
    } else {
      const r = await api(s, 'PATCH', `/units/${encodeURIComponent(l.code)}`, { name: l.name, district: l.district, districtCode });
      result = r.status === 200 ? '已更新' : `失败（HTTP ${r.status}）`;
      if (r.status === 200) counts.updated++;
    }
    if (result.startsWith('失败')) failed++;
    console.log(`  第 ${l.line} 行 ${l.code} ${l.name}：${result}`);
  }
  console.log(`完成：新建 ${counts.created}，更新 ${counts.updated}，未变化 ${counts.same}${failed ? `，失败 ${failed}` : ''}`);
  return failed ? 1 : 0;
}

/** Writes the distribution sheet readable by its owner only; tokens never go to the terminal. */
function writeSecretSheet(out: string, header: string[], rows: string[][]) {
  if (/\.xlsx$/i.test(out)) {
    const grid = [header, ...rows];
    const sheet = sheetOf('令牌分发表', grid);
    sheet.bold.push({ row: 0, col: 0, cols: header.length });
    sheet.formats.push({ row: 1, col: 0, rows: rows.length, cols: header.length, format: '@' });
    sheet.widths = [16, 30, 50, 12];
    sheet.freeze = { rows: 1, cols: 0 };
    writeFileSync(out, writeXlsx([sheet]), { mode: 0o600 });
  } else {
    const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    writeFileSync(out, `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`, { mode: 0o600 });
  }
  chmodSync(out, 0o600);
}

async function tokensIssue(s: Server, flags: Map<string, string | true>): Promise<number> {
  const role = flag(flags, 'role');
  const out = flag(flags, 'out');
  if (!role || !['clerk', 'statistician', 'admin'].includes(role)) throw new CliError('请用 --role clerk|statistician|admin 指定角色', 2);
  if (!out) throw new CliError('请用 --out <文件.csv|文件.xlsx> 指定分发表文件（令牌不会显示在屏幕上）', 2);
  const header = ['单位代码', '单位名称', '访问令牌', '令牌编号'];
  const rows: string[][] = [];
  let failed = 0;
  if (role === 'clerk') {
    const units = await allUnits(s);
    const wanted = flags.get('all-units') ? units.filter((u) => u.active) : (flag(flags, 'units') ?? '').split(',').map((c) => c.trim()).filter(Boolean).map((c) => units.find((u) => u.code === c) ?? c);
    if (!wanted.length) throw new CliError('请用 --all-units 或 --units 代码1,代码2 指定单位', 2);
    for (const u of wanted) {
      if (typeof u === 'string') {
        console.log(`  ${u}：单位不存在，未签发`);
        failed++;
        continue;
      }
      const r = await api<{ id: string; token: string }>(s, 'POST', '/tokens', { role: 'clerk', unit: u.code, label: `${u.name} 填报员` });
      if (r.status !== 201) {
        console.log(`  ${u.code}：签发失败（HTTP ${r.status}）`);
        failed++;
        continue;
      }
      rows.push([u.code, u.name, r.body.token, r.body.id]);
      console.log(`  ${u.code} ${u.name}：已签发（编号 ${r.body.id}）`);
    }
  } else {
    const label = flag(flags, 'label') ?? (role === 'statistician' ? '统计员' : '管理员');
    const t = expectOk<{ id: string; token: string }>(await api(s, 'POST', '/tokens', { role, label }));
    rows.push(['', label, t.token, t.id]);
    console.log(`  ${label}：已签发（编号 ${t.id}）`);
  }
  if (rows.length) writeSecretSheet(out, header, rows);
  console.log(`已写入 ${out}（${rows.length} 个令牌，仅本人可读；请通过安全渠道分发）${failed ? `；${failed} 个未签发` : ''}`);
  return failed ? 1 : 0;
}

/** The flags each command takes, besides --base, --token and --help. */
const COMMAND_FLAGS: Record<string, readonly string[]> = {
  'units import': [],
  'units list': [],
  'tokens issue': ['role', 'out', 'all-units', 'units', 'label'],
  'tokens list': [],
  'tokens revoke': [],
  'periods open': ['deadline'],
  'periods close': [],
  versions: [],
  'corrections open': ['unit', 'templates', 'reason'],
  'corrections list': [],
  'corrections close': [],
  export: ['out'],
  import: [],
};

async function main(): Promise<number> {
  const { flags, words } = parseArgs(
    process.argv.slice(2),
    { base: 'value', token: 'value', help: 'switch', role: 'value', out: 'value', 'all-units': 'switch', units: 'value', label: 'value', deadline: 'value', unit: 'value', templates: 'value', reason: 'value' },
    USAGE,
  );
  const [group, action, arg] = words;
  if (!group || flags.has('help')) throw new CliError(USAGE, group ? 0 : 2);
  const single = group === 'export' || group === 'import' || group === 'versions';
  const command = `${group} ${single ? '' : (action ?? '')}`.trim();
  const own = COMMAND_FLAGS[command];
  if (!own) throw new CliError(`未知命令：${words.join(' ')}\n${USAGE}`, 2);
  onlyFlags(flags, ['base', 'token', 'help', ...own], USAGE);
  const extra = words.slice(single ? 2 : command === 'corrections close' ? 4 : 3);
  if (extra.length) throw new CliError(`多余的参数：${extra.join(' ')}\n${USAGE}`, 2);
  const s = server(flags);
  const year = (v: string | undefined) => {
    const y = Number(v);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new CliError(`年度“${v ?? ''}”不对，应为如 2025 的四位年份`, 2);
    return y;
  };
  switch (command) {
    case 'units import':
      if (!arg) throw new CliError('请给出名册文件：units import <名册.csv|名册.xlsx>', 2);
      return unitsImport(s, arg);
    case 'units list':
      for (const u of await allUnits(s)) console.log(`${u.code}\t${u.name}\t${ORG_TYPES.find((o) => o.key === u.org)!.label}\t${u.district}\t${u.districtCode ?? ''}${u.active ? '' : '\t（停用）'}`);
      return 0;
    case 'tokens issue':
      return tokensIssue(s, flags);
    case 'tokens list': {
      const list = expectOk<{ tokens: { id: string; role: string; unit: string | null; label: string | null; revokedAt: string | null }[] }>(await api(s, 'GET', '/tokens?limit=1000'));
      for (const t of list.tokens) console.log(`${t.id}\t${t.role}\t${t.unit ?? ''}\t${t.label ?? ''}${t.revokedAt ? `\t已收回 ${t.revokedAt}` : ''}`);
      return 0;
    }
    case 'tokens revoke':
      if (!arg) throw new CliError('请给出令牌编号：tokens revoke <编号>', 2);
      expectOk(await api(s, 'DELETE', `/tokens/${encodeURIComponent(arg)}`), [204]);
      console.log(`已收回令牌 ${arg}`);
      return 0;
    case 'periods open':
    case 'periods close': {
      const y = year(arg);
      const deadline = flag(flags, 'deadline');
      const p = expectOk<{ year: number; status: string; deadline: string | null }>(
        await api(s, 'PUT', `/periods/${y}`, { status: action === 'open' ? 'open' : 'closed', ...(deadline ? { deadline } : {}) }),
      );
      console.log(`${p.year}年度：${p.status === 'open' ? '已开放填报' : '已关闭'}${p.deadline ? `，截止日期 ${p.deadline}` : ''}`);
      if (p.status === 'closed') {
        const v = expectOk<{ versions: Version[] }>(await api(s, 'GET', `/consolidated/${y}/versions`)).versions[0];
        if (v) console.log(`  已发布第 ${v.version} 版（${chinaTime(v.publishedAt)}），校验码 ${v.checksum}`);
      }
      return 0;
    }
    case 'versions': {
      const y = year(action);
      for (const v of expectOk<{ versions: Version[] }>(await api(s, 'GET', `/consolidated/${y}/versions`)).versions) {
        console.log(`第 ${v.version} 版\t${chinaTime(v.publishedAt)}\t${v.checksum}\t${v.reason ?? '关闭年度时发布'}`);
        for (const c of v.changes) console.log(`  ${c.unit} ${templateOf(c.template).sheet}：第 ${c.from ?? '—'} 版 → 第 ${c.to ?? '—'} 版`);
      }
      return 0;
    }
    case 'corrections open': {
      const y = year(arg);
      const unit = flag(flags, 'unit');
      const templates = (flag(flags, 'templates') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
      const reason = flag(flags, 'reason');
      const bad = templates.filter((t) => !(TEMPLATE_IDS as readonly string[]).includes(t));
      if (!unit || !templates.length || !reason || bad.length) {
        throw new CliError(`请给出 --unit <单位代码> --templates <${TEMPLATE_IDS.join(',')} 中的一个或几个> --reason <更正原因>${bad.length ? `（没有报表“${bad.join('、')}”）` : ''}`, 2);
      }
      const c = expectOk<Correction>(await api(s, 'POST', `/periods/${y}/corrections`, { unit, templates: templates as TemplateId[], reason }));
      console.log(`已开放更正 ${c.id}：${c.unit} 的 ${c.templates.map((t) => templateOf(t).sheet).join('、')}（原因：${c.reason}）`);
      return 0;
    }
    case 'corrections list': {
      const y = year(arg);
      for (const c of expectOk<{ corrections: Correction[] }>(await api(s, 'GET', `/periods/${y}/corrections`)).corrections) {
        const state = c.status === 'open' ? '进行中' : c.version ? `已结束，发布第 ${c.version} 版` : '已结束，数据无变化';
        console.log(`${c.id}\t${c.unit}\t${c.templates.map((t) => templateOf(t).sheet).join('、')}\t${state}\t${c.reason}`);
      }
      return 0;
    }
    case 'corrections close': {
      const y = year(arg);
      const id = words[3];
      if (!id) throw new CliError('请给出更正编号：corrections close <年度> <更正编号>', 2);
      const r = expectOk<{ correction: Correction; version: Version | null }>(await api(s, 'POST', `/periods/${y}/corrections/${encodeURIComponent(id)}/close`));
      if (!r.version) console.log(`更正 ${id} 已结束：数据没有变化，未发布新版本`);
      else {
        console.log(`更正 ${id} 已结束，已发布第 ${r.version.version} 版，校验码 ${r.version.checksum}`);
        for (const c of r.version.changes) console.log(`  ${c.unit} ${templateOf(c.template).sheet}：第 ${c.from ?? '—'} 版 → 第 ${c.to ?? '—'} 版`);
      }
      return 0;
    }
    case 'export': {
      const y = year(action);
      const out = flag(flags, 'out') ?? `quntuan-${y}.jsonl`;
      const res = await fetch(`${s.base}/api/v1/export/${y}`, { headers: { authorization: `Bearer ${s.token}` } }).catch((e: Error) => {
        throw new CliError(`无法连接服务器 ${s.base}：${e.message}`);
      });
      if (!res.ok) expectOk(await api(s, 'GET', `/export/${y}`));
      writeFileSync(out, await res.text(), { mode: 0o600 });
      const book = await fetch(`${s.base}/api/v1/consolidated/${y}/workbook.xlsx`, { headers: { authorization: `Bearer ${s.token}` } });
      const xlsx = out.replace(/(\.jsonl?)?$/i, '-全市汇总.xlsx');
      if (!book.ok) throw new CliError(`备份已写入 ${out}，但生成汇总工作簿失败（HTTP ${book.status}）`);
      writeFileSync(xlsx, new Uint8Array(await book.arrayBuffer()));
      console.log(`已写入 ${out} 和 ${xlsx}`);
      return 0;
    }
    case 'import': {
      if (!action) throw new CliError('请给出备份文件：import <备份.jsonl>', 2);
      const r = expectOk<{ year: number; units: number; submissions: number; reviews: number }>(await api(s, 'POST', '/import', readFileSync(action, 'utf8'), 'application/x-ndjson'));
      console.log(`已恢复 ${r.year}年度：${r.units} 个单位，${r.submissions} 个报表版本，${r.reviews} 条审核记录`);
      return 0;
    }
    default:
      throw new CliError(`未知命令：${words.join(' ')}\n${USAGE}`, 2);
  }
}

runMain(main);
