import { describe, expect, it } from 'vitest';
import { EDITIONS, batchSchema, createTokenSchema, createUnitSchema, ERROR_CODES, errorBodySchema, reviewSchema, rowSchemas, submissionSchema } from '../../shared/index.ts';
import { report } from './fixtures.ts';

/** The 2024 edition: the one these years (up to 2025) use. */
const E2024 = EDITIONS['2024'];

const body = { year: 2024, unit: 'XB-WOMEN', template: 'trainings', rows: report().trainings };

describe('API body schemas', () => {
  it('accepts a well-formed submission and refuses wrong shapes', () => {
    expect(submissionSchema.safeParse(body).success).toBe(true);
    expect(submissionSchema.safeParse({ ...body, explanation: '本年新建非公企业工会较多', signoff: { head: '黄志强', date: '2025-01-15' } }).success).toBe(true);
    for (const bad of [
      { ...body, template: 'salaries' },
      { ...body, rows: {} },
      { ...body, rows: [1] },
      { ...body, year: '2024' },
      { ...body, year: 2024.5 },
      { ...body, unit: 'XB WOMEN' },
      { ...body, extra: 1 },
      { ...body, signoff: { date: '2025-13-01' } },
      { ...body, signoff: { boss: 'x' } },
      { year: 2024, unit: 'XB-WOMEN', template: 'trainings' },
    ]) {
      expect(submissionSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it('takes each template at most once in a batch', () => {
    const r = report();
    const all = E2024.templates.map((t) => ({ template: t.id, rows: r[t.id]! }));
    expect(batchSchema.safeParse({ year: 2024, unit: 'XB-WOMEN', submissions: all }).success).toBe(true);
    const twice = batchSchema.safeParse({ year: 2024, unit: 'XB-WOMEN', submissions: [all[0], all[0]] });
    expect(twice.success).toBe(false);
    expect(JSON.stringify(twice.error?.issues)).toContain('至多出现一次');
    expect(batchSchema.safeParse({ year: 2024, unit: 'XB-WOMEN', submissions: [] }).success).toBe(false);
  });

  it('documents each template row field by field', () => {
    const r = report();
    for (const t of E2024.templates) for (const row of r[t.id]!) expect(rowSchemas(E2024)[t.id]!.safeParse(row).success).toBe(true);
    expect(rowSchemas(E2024).members!.safeParse({ ...r.members[0], staff_full: 1.5 }).success).toBe(false);
    expect(rowSchemas(E2024).awards!.safeParse({ ...r.awards[0], level: '国家级' }).success).toBe(false);
  });

  it('binds a clerk token to exactly one unit', () => {
    expect(createTokenSchema.safeParse({ role: 'clerk', unit: 'XB-WOMEN' }).success).toBe(true);
    expect(createTokenSchema.safeParse({ role: 'clerk' }).success).toBe(false);
    expect(createTokenSchema.safeParse({ role: 'statistician', unit: 'XB-WOMEN' }).success).toBe(false);
    expect(createTokenSchema.safeParse({ role: 'root' }).success).toBe(false);
  });

  it('requires a comment to return a report', () => {
    expect(reviewSchema.safeParse({ action: 'accept' }).success).toBe(true);
    expect(reviewSchema.safeParse({ action: 'return', comment: '  ' }).success).toBe(false);
    expect(reviewSchema.safeParse({ action: 'return', comment: '培训经费与支出不符，请核实' }).success).toBe(true);
  });

  it('validates units and the error body', () => {
    expect(createUnitSchema.safeParse({ code: 'XB-WOMEN', name: '兴宾区妇联', org: 'women', district: '兴宾区', districtCode: '451302' }).success).toBe(true);
    expect(createUnitSchema.safeParse({ code: 'XB-WOMEN', name: '兴宾区妇联', org: 'wives', district: '兴宾区' }).success).toBe(false);
    expect(createUnitSchema.safeParse({ code: 'x'.repeat(33), name: 'a', org: 'women', district: 'b' }).success).toBe(false);
    expect(errorBodySchema.safeParse({ error: { code: 'period_closed', message: '2024年度已关闭' } }).success).toBe(true);
    expect(ERROR_CODES.explanation_required).toBe(422);
  });
});
