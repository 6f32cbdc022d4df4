/**
 * What the pane does with the workbook port, without a page: read the
 * template sheets and check them with the shared rules (`shared/client.ts`),
 * turn issues into marks.
 */
import type { OrgKey } from '../shared/catalog.ts';
import { LATEST, type Edition } from '../shared/editions.ts';
import { checkReports, type Checked, type UnitContext } from '../shared/client.ts';
import { readWorkbook } from '../shared/read.ts';
import type { Issue } from '../shared/validate.ts';
import type { Mark, WorkbookPort } from './port.ts';

/** Who the workbook is checked for: the signed-in clerk's unit and year, or nobody yet. */
export interface CheckFor {
  unit: { code: string; org: OrgKey } | null;
  year: number | null;
  /** The year's edition as its period records it (signed in); else the one the workbook's year says. */
  edition: Edition | null;
  ctx: UnitContext | null;
}

/**
 * Reads the template sheets through the port and checks them. Signed in,
 * the workbook must be the unit's and the year's; before signing in the
 * year is the one the sheets state, and checks needing stored data are skipped.
 */
export async function checkWorkbook(port: WorkbookPort, who: CheckFor): Promise<Checked> {
  // Every edition's sheet names: the reader keeps those of the edition it reads with.
  const grids = await port.readSheets(LATEST.templates.map((t) => t.sheet));
  const wb = readWorkbook(
    (sheet) => grids.get(sheet),
    {
      ...(who.unit ? { unit: who.unit.code } : {}),
      ...(who.year !== null ? { year: who.year } : {}),
    },
    who.edition ?? undefined,
  );
  let year = who.year;
  if (year === null && !wb.problems.length) {
    const years = [...new Set(wb.reports.map((r) => r.year))];
    if (years.length !== 1 || years[0] === null) wb.problems.push('各工作表的报告期不一致或缺失，请在每张表的“报告期：”右侧填写同一年度');
    else year = years[0]!;
  }
  if (year === null || wb.problems.length) return { ...wb, issues: [], skipped: [] };
  return checkReports(wb, year, who.unit?.org ?? null, who.ctx);
}

export function marksOf(issues: readonly Issue[]): Mark[] {
  return issues.filter((i) => i.cell).map((i) => ({ cell: i.cell!, severity: i.severity, message: i.message }));
}
