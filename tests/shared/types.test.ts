import { describe, expect, it } from 'vitest';
import { EDITIONS, decimalToHundredths, formatHundredths, hundredthsToNumber, numberToHundredths, parseReport, validate, type Row, type TemplateId } from '../../shared/index.ts';
import { awards, funding, members, trainings } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const ctx = { year: 2024, org: 'union' as const };

/** The type issues of a template whose one row (or the given row of a list) has `patch` applied. */
function typeIssues(template: TemplateId, patch: Row, org: typeof ctx.org | 'youth' | 'overseas' = 'union') {
  const rows =
    template === 'members' ? [{ ...members(), ...patch }] : template === 'funding' ? [{ ...funding(), ...patch }] : template === 'trainings' ? [{ ...trainings()[0]!, ...patch }] : [{ ...awards()[0]!, ...patch }];
  return validate(template, rows, { ...ctx, org }).filter((i) => i.code === 'type');
}

describe('type checks', () => {
  const bad: [string, TemplateId, Row, RegExp][] = [
    ['missing count', 'members', { staff_full: undefined }, /专职工作人员不能为空（数值为零请填 0）/],
    ['null count', 'members', { staff_full: null }, /不能为空/],
    ['blank string count', 'members', { staff_full: '  ' }, /不能为空/],
    ['text in a count', 'members', { staff_full: '十二' }, /专职工作人员应为数字，现为“十二”/],
    ['number as string', 'members', { staff_full: '12' }, /应为数字/],
    ['fraction in a count', 'members', { staff_full: 1.5 }, /应为整数/],
    ['negative count', 'members', { staff_full: -1 }, /不能为负数/],
    ['count over the limit', 'members', { staff_full: 1_000_000_001 }, /超出上限/],
    ['Infinity', 'members', { staff_full: Infinity }, /应为数字/],
    ['NaN', 'members', { staff_full: NaN }, /应为数字/],
    ['boolean in a count', 'members', { staff_full: true }, /应为数字/],
    ['object in a count', 'members', { staff_full: { v: 1 } }, /应为数字，现为对象/],
    ['three decimals', 'funding', { inc_other: 0.155 }, /最多保留两位小数/],
    ['negative money', 'funding', { inc_other: -0.15 }, /不能为负数/],
    ['money over the limit', 'funding', { inc_other: 100_000_000.01 }, /超出上限/],
    ['signed money under the limit', 'funding', { opening: -100_000_000.01 }, /超出上限/],
    ['money as text', 'funding', { inc_other: '0.15' }, /应为数字（万元）/],
    ['unknown option', 'trainings', { category: 'yoga' }, /培训类别“yoga”不是有效选项，应为：干部骨干培训、/],
    ['option label instead of key', 'trainings', { category: '家政服务培训' }, /不是有效选项/],
    ['bool as text', 'members', { elections_held: '是' }, /应填“是”或“否”/],
    ['month without zero', 'awards', { award_date: '2024-3' }, /应为年月，格式如 2024-03/],
    ['month 13', 'awards', { award_date: '2024-13' }, /应为年月/],
    ['a date, not a month', 'awards', { award_date: '2024-03-08' }, /应为年月/],
    ['text too long', 'trainings', { name: '培'.repeat(101) }, /项目名称不能超过 100 字，现为 101 字/],
    ['control character', 'awards', { recipient: '李\u0000秀梅' }, /控制字符/],
    ['lone surrogate', 'awards', { recipient: '李\ud800秀梅' }, /控制字符/],
    ['number in a text', 'awards', { recipient: 12 }, /应为文字/],
    ['unknown field', 'members', { members_robots: 3 }, /没有字段“members_robots”/],
  ];
  for (const [name, template, patch, message] of bad) {
    it(`refuses ${name}`, () => {
      const issues = typeIssues(template, patch);
      expect(issues).toHaveLength(1);
      expect(issues[0]!.message).toMatch(message);
      expect(issues[0]!.severity).toBe('error');
    });
  }

  const good: [string, TemplateId, Row][] = [
    ['zero', 'members', { staff_full: 0 }],
    ['minus zero', 'members', { staff_full: -0 }],
    ['the upper limit', 'members', { cadres_promoted: 1_000_000_000, staff_full: 12 }],
    ['negative signed money', 'funding', { opening: -12.3, closing: 4.1 }],
    ['money written in exponent form', 'funding', { inc_other: 1.5e-1 }],
    ['an omitted optional value', 'awards', { doc_no: undefined }],
    ['an empty optional string', 'awards', { doc_no: '' }],
    ['text with spaces around it', 'awards', { recipient: '  韦明光家庭  ' }],
    ['exactly 100 characters', 'trainings', { name: '培'.repeat(100) }],
  ];
  for (const [name, template, patch] of good) {
    it(`accepts ${name}`, () => {
      expect(typeIssues(template, patch)).toEqual([]);
    });
  }

  it('refuses a value in a field that does not apply to the org type', () => {
    const issues = validate('members', [{ ...members('youth'), members_youth: 10 }], { ...ctx, org: 'youth' });
    expect(issues.map((i) => [i.code, i.field])).toEqual([['type', 'members_youth']]);
    expect(issues[0]!.message).toBe('其中：35岁及以下不适用于共青团，请留空');
  });

  it('refuses a record template with no row or two rows', () => {
    expect(validate('funding', [], ctx).map((i) => [i.code, i.field, i.row])).toEqual([['type', null, null]]);
    expect(validate('funding', [funding(), funding()], ctx)[0]!.message).toContain('收到 2 条');
  });

  it('refuses a row that is not an object without failing', () => {
    const issues = validate('awards', [awards()[0], 'x', [1]], ctx);
    expect(issues.map((i) => [i.code, i.row, i.field])).toEqual([
      ['type', 2, null],
      ['type', 3, null],
    ]);
  });

  it('reports every problem of a report at once', () => {
    const issues = validate('members', [{ ...members(), staff_full: -1, staff_part: 'x', org_total: 1 }], ctx);
    expect(issues.map((i) => i.code).sort()).toEqual(['M1', 'M2', 'type', 'type']);
  });
});

describe('money is exact to the cent', () => {
  it('reads decimals exactly into hundredths', () => {
    expect(decimalToHundredths('0.1')).toEqual({ ok: true, value: 10 });
    expect(decimalToHundredths('12.30')).toEqual({ ok: true, value: 1230 });
    expect(decimalToHundredths('12.300')).toEqual({ ok: true, value: 1230 });
    expect(decimalToHundredths('-0.01')).toEqual({ ok: true, value: -1 });
    expect(decimalToHundredths('1e-2')).toEqual({ ok: true, value: 1 });
    expect(decimalToHundredths('1.5e3')).toEqual({ ok: true, value: 150000 });
    expect(decimalToHundredths('0.001')).toEqual({ ok: false, reason: 'decimals' });
    expect(decimalToHundredths('1e-3')).toEqual({ ok: false, reason: 'decimals' });
    expect(decimalToHundredths('abc')).toEqual({ ok: false, reason: 'format' });
    expect(decimalToHundredths('.')).toEqual({ ok: false, reason: 'format' });
    expect(numberToHundredths(99999999.99)).toEqual({ ok: true, value: 9999999999 });
    expect(numberToHundredths(Number.MAX_VALUE)).toMatchObject({ ok: true, value: Infinity });
  });

  it('prints and converts hundredths back without drift', () => {
    expect(formatHundredths(-1)).toBe('-0.01');
    expect(formatHundredths(123450)).toBe('1234.50');
    for (const h of [1, 10, 30, 333, 12345678901]) expect(numberToHundredths(hundredthsToNumber(h))).toEqual({ ok: true, value: h });
  });

  it('F1 sums 0.1 + 0.2 style amounts to the cent, both ways', () => {
    // In binary floating point 0.1 + 0.2 = 0.30000000000000004 ≠ 0.3; in hundredths 10 + 20 = 30.
    const zero = Object.fromEntries(E2024.template('funding').fields.map((x) => [x.key, 0]));
    const row = { ...zero, inc_fiscal: 0.1, inc_superior: 0.2, income_total: 0.3, closing: 0.3 };
    expect(validate('funding', [row], ctx)).toEqual([]);
    const off = validate('funding', [{ ...row, income_total: 0.31, closing: 0.31 }], ctx);
    expect(off.map((i) => i.code)).toEqual(['F1']);
    expect(off[0]!.message).toBe('本年收入合计 0.31 ≠ 财政拨款收入 0.10 + 上级补助收入 0.20 + 会费（拨缴经费）收入 0.00 + 事业收入 0.00 + 经营收入 0.00 + 附属单位上缴收入 0.00 + 捐赠及自筹收入 0.00 + 其他收入 0.00（应为 0.30）');
  });

  it('sums ten thousand amounts of 0.01 to exactly 100.00 (T5 against funding)', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ ...trainings()[0]!, name: `班${i}`, cost: 0.01 }));
    const sum = parseReport(E2024.template('trainings'), rows, 'union').rows.reduce((a, r) => a + (r.values.cost as number), 0);
    expect(sum).toBe(10_000);
  });
});
