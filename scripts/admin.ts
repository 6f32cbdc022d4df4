/**
 * npm run admin -- <command>: running a city's reporting from the command line,
 * through the HTTP API (so it works the same against local and production).
 *
 *   units import <roster.csv|roster.xlsx>      create and update units from a roster
 *   units list
 *   areas import <areas.csv|areas.xlsx>        the area tree: 区划代码, 名称, 上级区划代码 (empty: the city)
 *   areas list
 *   tokens issue --role clerk (--all-units | --units A,B) --out <file.csv|file.xlsx>
 *   tokens issue --role statistician|admin [--label 名称] [--area 区域代码] --out <file>
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
import { chinaTime, ORG_TYPES, phoneSchema, ROOT_AREA, sheetOf, templateNamed, ALL_TEMPLATE_IDS, type Area, type Correction, type TemplateId, type Unit, type Version } from '../shared/index.ts';
import { parseCsv } from '../shared/csv.ts';
import { norm, type CellValue } from '../shared/grid.ts';
import { readXlsx, writeXlsx, WorkbookError } from '../shared/xlsx/index.ts';
import { api, CliError, expectOk, flag, onlyFlags, parseArgs, runMain, server, type Server } from './cli.ts';


const USAGE = `用法：npm run admin -- <命令> [--base <地址>] [--token <令牌>]
  units import <名册.csv|名册.xlsx|名册.ods>（可选列：联系人、联系电话）| units list
  areas import <区域.csv|区域.xlsx>（列：区划代码、名称、上级区划代码）| areas list
  tokens issue --role clerk (--all-units | --units 代码1,代码2) --out <分发表.csv|.xlsx>
  tokens issue --role statistician [--label 名称] [--area 区域代码] --out <文件> | tokens list | tokens revoke <编号>
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

const COLUMNS = {
  code: '单位代码',
  name: '单位名称',
  org: '组织类型',
  district: '所属区县',
  districtCode: '行政区划代码',
  township: '所属乡镇（街道）',
  areaCode: '区划代码',
  contact: '联系人',
  phone: '联系电话',
} as const;

export interface RosterLine {
  line: number;
  code: string;
  name: string;
  org: string;
  district: string;
  districtCode: string;
  /** A level-2 area under the district (optional), and its code (区划代码, optional). */
  township: string;
  areaCode: string;
  /** Whom to call about the unit's report (optional columns; '' when not given). */
  contact: string;
  phone: string;
  /** Whether the file has the 联系人 / 联系电话 columns at all: without them, contacts on record are left as they are. */
  hasContact: boolean;
  hasPhone: boolean;
}

/** A sheet's grid: CSV as Excel and WPS save it, else through the one reader (.xlsx, .ods; others refused by name). */
function gridOf(file: string, bytes: Uint8Array): CellValue[][] {
  if (/\.(csv|txt)$/i.test(file)) return parseCsv(decode(bytes));
  try {
    return readXlsx(bytes, { name: file })[0]?.grid ?? [];
  } catch (e) {
    if (e instanceof WorkbookError) throw new CliError(`${file}：${e.message}`);
    throw e;
  }
}

/** The value under a header label in a row, trimmed ('' when the column is not there). */
function cellUnder(header: CellValue[], row: CellValue[], label: string): string {
  const c = header.findIndex((v) => norm(v) === norm(label));
  const v = c < 0 ? null : row[c];
  return v === null || v === undefined ? '' : String(v).trim();
}

/** The roster's lines, found by their header labels (any column order). */
export function readRoster(file: string, bytes: Uint8Array): RosterLine[] {
  const grid = gridOf(file, bytes);
  const h = grid.findIndex((r) => r.some((v) => norm(v) === COLUMNS.code) && r.some((v) => norm(v) === COLUMNS.org));
  if (h < 0) throw new CliError(`${file}：找不到表头，应有列：单位代码、单位名称、组织类型、所属区县（行政区划代码、所属乡镇（街道）、区划代码、联系人、联系电话可选）`);
  const lines: RosterLine[] = [];
  for (let r = h + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    if (row.every((v) => v === null || String(v).trim() === '')) continue;
    const at = (label: string) => cellUnder(grid[h]!, row, label);
    const has = (label: string) => grid[h]!.some((v) => norm(v) === norm(label));
    lines.push({
      line: r + 1,
      code: at(COLUMNS.code),
      name: at(COLUMNS.name),
      org: at(COLUMNS.org),
      district: at(COLUMNS.district),
      districtCode: at(COLUMNS.districtCode),
      township: at(COLUMNS.township),
      areaCode: at(COLUMNS.areaCode),
      contact: at(COLUMNS.contact),
      phone: at(COLUMNS.phone),
      hasContact: has(COLUMNS.contact),
      hasPhone: has(COLUMNS.phone),
    });
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
    if (l.areaCode && !/^[A-Za-z0-9_-]{1,32}$/.test(l.areaCode)) say(`区划代码“${l.areaCode}”不合规范，只能由 1–32 位字母、数字、- 或 _ 组成`);
    if (l.areaCode && !l.township) say('填写了区划代码，但没有填写所属乡镇（街道）');
    if (l.township && l.district === '市本级') say('市本级单位不属于乡镇（街道），请清空“所属乡镇（街道）”');
    if ([...l.contact].length > 50) say('联系人不能超过 50 个字');
    // The API's own rule (phoneSchema), checked before anything is sent: the roster goes in whole or not at all.
    const phone = l.phone ? phoneSchema.safeParse(l.phone) : null;
    if (phone && !phone.success) say(`联系电话“${l.phone}”：${phone.error.issues[0]!.message}`);
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
    // 联系人 and 联系电话 only where the file has their columns: a roster without them leaves those on record alone.
    const contacts = { ...(l.hasContact ? { contact: l.contact || null } : {}), ...(l.hasPhone ? { phone: l.phone || null } : {}) };
    const sameContacts = (!l.hasContact || (old?.contact ?? null) === (l.contact || null)) && (!l.hasPhone || (old?.phone ?? null) === (l.phone || null));
    let result: string;
    // A unit placed in a 乡镇（街道） keeps it: its district is that area's 区县.
    if (!old) {
      const r = await api(s, 'POST', '/units', { code: l.code, name: l.name, org, district: l.district, ...(districtCode ? { districtCode } : {}), ...contacts });
      result = r.status === 201 ? '新建' : `失败（HTTP ${r.status}）`;
      if (r.status === 201) counts.created++;
    } else if (old.name === l.name && old.district === l.district && old.districtCode === districtCode && sameContacts) {
      result = '未变化';
      counts.same++;
    } else {
      // Only a changed district moves the unit: one already in a 乡镇（街道） of that district stays there.
      const r = await api(s, 'PATCH', `/units/${encodeURIComponent(l.code)}`, { name: l.name, ...(old.district !== l.district ? { district: l.district } : {}), districtCode, ...contacts });
      result = r.status === 200 ? '已更新' : `失败（HTTP ${r.status}）`;
      if (r.status === 200) counts.updated++;
    }
    if (result.startsWith('失败')) failed++;
    console.log(`  第 ${l.line} 行 ${l.code} ${l.name}：${result}`);
  }
  // Then the 乡镇（街道） below the districts, made as needed, and the units placed in them.
  const placed = lines.filter((l) => l.township);
  if (placed.length) {
    const areas = expectOk<{ areas: Area[] }>(await api(s, 'GET', '/areas')).areas;
    const units = new Map((await allUnits(s)).map((u) => [u.code, u]));
    for (const l of placed) {
      const parent = areas.find((a) => a.level === 1 && a.name === l.district);
      if (!parent) {
        failed++;
        console.log(`  第 ${l.line} 行 ${l.code}：找不到区县“${l.district}”`);
        continue;
      }
      let town = areas.find((a) => a.parent === parent.code && a.name === l.township);
      if (!town) {
        const code = l.areaCode || `${parent.code}-${String(areas.filter((a) => a.parent === parent.code).length + 1).padStart(3, '0')}`;
        const r = await api<Area>(s, 'POST', '/areas', { code, name: l.township, parent: parent.code });
        if (r.status !== 201) {
          failed++;
          console.log(`  第 ${l.line} 行 ${l.code}：新建乡镇（街道）“${l.township}”失败（HTTP ${r.status}）`);
          continue;
        }
        town = r.body as Area;
        areas.push(town);
        console.log(`  新建乡镇（街道）${town.name}（${town.code}），属于 ${parent.name}`);
      }
      if (units.get(l.code)?.area === town.code) continue;
      const r = await api(s, 'PATCH', `/units/${encodeURIComponent(l.code)}`, { area: town.code });
      if (r.status !== 200) failed++;
      console.log(`  第 ${l.line} 行 ${l.code}：${r.status === 200 ? `归入 ${l.district}${l.township}` : `归入乡镇（街道）失败（HTTP ${r.status}）`}`);
    }
  }
  console.log(`完成：新建 ${counts.created}，更新 ${counts.updated}，未变化 ${counts.same}${failed ? `，失败 ${failed}` : ''}`);
  return failed ? 1 : 0;
}

const AREA_COLUMNS = { code: '区划代码', name: '名称', parent: '上级区划代码' } as const;

/** areas import: the tree from a sheet of 区划代码, 名称, 上级区划代码 (empty: the city); refused whole on any bad line. */
async function areasImport(s: Server, file: string): Promise<number> {
  const grid = gridOf(file, new Uint8Array(readFileSync(file)));
  const h = grid.findIndex((r) => r.some((v) => norm(v) === AREA_COLUMNS.code) && r.some((v) => norm(v) === AREA_COLUMNS.name));
  if (h < 0) throw new CliError(`${file}：找不到表头，应有列：${Object.values(AREA_COLUMNS).join('、')}`);
  const lines = grid
    .slice(h + 1)
    .map((row, i) => ({ line: h + 2 + i, code: cellUnder(grid[h]!, row, AREA_COLUMNS.code), name: cellUnder(grid[h]!, row, AREA_COLUMNS.name), parent: cellUnder(grid[h]!, row, AREA_COLUMNS.parent) || ROOT_AREA }))
    .filter((l) => l.code || l.name);
  const existing = expectOk<{ areas: Area[] }>(await api(s, 'GET', '/areas')).areas;
  const known = new Map(existing.map((a) => [a.code, a]));
  const problems: string[] = [];
  const inFile = new Map<string, number>();
  for (const l of lines) {
    const say = (m: string) => problems.push(`第 ${l.line} 行${l.code ? `（${l.code}）` : ''}：${m}`);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(l.code)) say(`区划代码“${l.code}”不合规范，只能由 1–32 位字母、数字、- 或 _ 组成`);
    if (!l.name) say('名称不能为空');
    if (inFile.has(l.code)) say(`区划代码与第 ${inFile.get(l.code)} 行重复`);
    inFile.set(l.code, l.line);
    if (l.parent === l.code) say('上级区划代码不能是自己');
  }
  // Every parent is the city, an existing area, or a line of the file; the depth stays within 5 levels.
  const parentOf = new Map([...existing.map((a) => [a.code, a.parent ?? ''] as const), ...lines.map((l) => [l.code, l.parent] as const)]);
  for (const l of lines) {
    if (!parentOf.has(l.parent)) problems.push(`第 ${l.line} 行（${l.code}）：上级区划代码“${l.parent}”既不在文件中，也不是已有区域`);
    let depth = 0;
    for (let p: string | undefined = l.code; p && p !== ROOT_AREA && depth <= 6; p = parentOf.get(p)) depth++;
    if (depth > 5) problems.push(`第 ${l.line} 行（${l.code}）：超过 5 级，或上下级关系成环`);
  }
  if (problems.length) {
    console.log(`${file}：有 ${problems.length} 处问题，整个文件未导入：`);
    for (const p of problems) console.log(`  ${p}`);
    return 1;
  }
  // Parents before children.
  const depthOf = (code: string) => {
    let d = 0;
    for (let p: string | undefined = code; p && p !== ROOT_AREA; p = parentOf.get(p)) d++;
    return d;
  };
  let failed = 0;
  for (const l of [...lines].sort((a, b) => depthOf(a.code) - depthOf(b.code))) {
    const old = known.get(l.code);
    let r;
    if (!old) r = await api(s, 'POST', '/areas', { code: l.code, name: l.name, parent: l.parent });
    else if (old.name === l.name && (old.parent ?? ROOT_AREA) === l.parent) {
      console.log(`  ${l.code} ${l.name}：未变化`);
      continue;
    } else r = await api(s, 'PATCH', `/areas/${encodeURIComponent(l.code)}`, { name: l.name, parent: l.parent });
    const ok = r.status === 200 || r.status === 201;
    if (!ok) failed++;
    const why = (r.body as { error?: { message?: string } } | null)?.error?.message;
    console.log(`  ${l.code} ${l.name}：${ok ? (old ? '已更新' : '新建') : `失败（${why ?? `HTTP ${r.status}`}）`}`);
  }
  console.log(`完成：${lines.length} 个区域${failed ? `，失败 ${failed}` : ''}`);
  return failed ? 1 : 0;
}

/** areas list: the tree, indented by level. */
async function areasList(s: Server): Promise<number> {
  const areas = expectOk<{ areas: Area[] }>(await api(s, 'GET', '/areas')).areas;
  const walk = (code: string, depth: number) => {
    const a = areas.find((x) => x.code === code);
    if (a) console.log(`${'  '.repeat(depth)}${a.name}\t${a.code}${a.districtCode && a.districtCode !== a.code ? `\t${a.districtCode}` : ''}`);
    for (const k of areas.filter((x) => x.parent === code).sort((x, y) => (x.districtCode ?? '~').localeCompare(y.districtCode ?? '~') || x.name.localeCompare(y.name, 'zh-CN'))) walk(k.code, depth + 1);
  };
  walk(ROOT_AREA, 0);
  return 0;
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
    // A statistician may be bound to an area: it then sees only that subtree (areas.md).
    const area = flag(flags, 'area');
    if (area && role !== 'statistician') throw new CliError('只有统计员令牌可以用 --area 限定区域', 2);
    const t = expectOk<{ id: string; token: string }>(await api(s, 'POST', '/tokens', { role, label, ...(area ? { area } : {}) }));
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
  'areas import': [],
  'areas list': [],
  'tokens issue': ['role', 'out', 'all-units', 'units', 'label', 'area'],
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
    { base: 'value', token: 'value', help: 'switch', role: 'value', out: 'value', 'all-units': 'switch', units: 'value', label: 'value', deadline: 'value', area: 'value', unit: 'value', templates: 'value', reason: 'value' },
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
    case 'areas import':
      if (!arg) throw new CliError('请给出区域表：areas import <区域.csv|区域.xlsx>（列：区划代码、名称、上级区划代码）', 2);
      return areasImport(s, arg);
    case 'areas list':
      return areasList(s);
    case 'units list':
      for (const u of await allUnits(s)) console.log(`${u.code}\t${u.name}\t${ORG_TYPES.find((o) => o.key === u.org)!.label}\t${u.district}\t${u.districtCode ?? ''}\t${u.contact ?? ''}\t${u.phone ?? ''}${u.active ? '' : '\t（停用）'}`);
      return 0;
    case 'tokens issue':
      return tokensIssue(s, flags);
    case 'tokens list': {
      const list = expectOk<{ tokens: { id: string; role: string; unit: string | null; label: string | null; revokedAt: string | null }[] }>(await api(s, 'GET', '/tokens?limit=1000'));
      for (const t of list.tokens) console.log(`${t.id}\t${t.role}\t${t.unit ?? ''}\t${t.label ?? ''}${t.revokedAt ? `\t已收回 ${chinaTime(t.revokedAt)}（北京时间）` : ''}`);
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
        for (const c of v.changes) console.log(`  ${c.unit} ${templateNamed(c.template).sheet}：第 ${c.from ?? '—'} 版 → 第 ${c.to ?? '—'} 版`);
      }
      return 0;
    }
    case 'corrections open': {
      const y = year(arg);
      const unit = flag(flags, 'unit');
      const templates = (flag(flags, 'templates') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
      const reason = flag(flags, 'reason');
      const bad = templates.filter((t) => !(ALL_TEMPLATE_IDS as readonly string[]).includes(t));
      if (!unit || !templates.length || !reason || bad.length) {
        throw new CliError(`请给出 --unit <单位代码> --templates <${ALL_TEMPLATE_IDS.join(',')} 中的一个或几个> --reason <更正原因>${bad.length ? `（没有报表“${bad.join('、')}”）` : ''}`, 2);
      }
      const c = expectOk<Correction>(await api(s, 'POST', `/periods/${y}/corrections`, { unit, templates: templates as TemplateId[], reason }));
      console.log(`已开放更正 ${c.id}：${c.unit} 的 ${c.templates.map((t) => templateNamed(t).sheet).join('、')}（原因：${c.reason}）`);
      return 0;
    }
    case 'corrections list': {
      const y = year(arg);
      for (const c of expectOk<{ corrections: Correction[] }>(await api(s, 'GET', `/periods/${y}/corrections`)).corrections) {
        const state = c.status === 'open' ? '进行中' : c.version ? `已结束，发布第 ${c.version} 版` : '已结束，数据无变化';
        console.log(`${c.id}\t${c.unit}\t${c.templates.map((t) => templateNamed(t).sheet).join('、')}\t${state}\t${c.reason}`);
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
        for (const c of r.version.changes) console.log(`  ${c.unit} ${templateNamed(c.template).sheet}：第 ${c.from ?? '—'} 版 → 第 ${c.to ?? '—'} 版`);
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
