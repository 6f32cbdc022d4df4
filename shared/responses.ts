/**
 * zod schemas of what the API answers. The worker documents its responses
 * with them (OpenAPI) and the clients — the pane, the command line — type
 * what they read with the inferred types (`import type`, so the pane's
 * bundle carries no zod), instead of copying interfaces by hand.
 */
import { z } from 'zod';
import { ALL_SHEET_KEYS, type SheetKey } from './catalog.ts';

export type { SheetKey };
import {
  issueSchema,
  orgSchema,
  periodStatusSchema,
  reviewActionSchema,
  revisionStatusSchema,
  roleSchema,
  settingsSchema,
  signoffSchema,
  statusKeySchema,
  templateIdSchema,
  editionIdSchema,
  unitCodeSchema,
  unitSchema,
  areaSchema,
  areaCodeSchema,
  TARGET_KINDS,
} from './schemas.ts';

/** GET /me */
/** GET /me: who the token is; `area` the subtree a scoped statistician is bound to. */
export const meSchema = z.object({ role: roleSchema, unit: unitSchema.nullable(), area: areaSchema.nullable() });
export type Me = z.infer<typeof meSchema>;

/** A year as GET /periods lists it. */
export const periodSchema = z.object({ year: z.number().int(), status: periodStatusSchema, deadline: z.string().nullable(), edition: editionIdSchema });
export type Period = z.infer<typeof periodSchema>;

/** What an upload answers per template. */
export const receiptSchema = z.object({
  id: z.string(),
  unit: unitCodeSchema,
  year: z.number().int(),
  template: templateIdSchema,
  revision: z.number().int(),
  status: revisionStatusSchema,
  checksum: z.string(),
  warnings: z.array(issueSchema),
  createdAt: z.string(),
});
export type Receipt = z.infer<typeof receiptSchema>;

/** A revision's metadata, as GET /submissions lists it. */
export const revisionSchema = receiptSchema.extend({ explanation: z.string().nullable(), createdBy: z.string() });
export type RevisionMeta = z.infer<typeof revisionSchema>;

export const reviewEntrySchema = z.object({
  id: z.string(),
  action: reviewActionSchema,
  comment: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});

/** GET /submissions/{id}: one revision with what was uploaded and its reviews. */
export const revisionDetailSchema = revisionSchema.extend({
  rows: z.array(z.record(z.string(), z.unknown())),
  signoff: signoffSchema.nullable(),
  reviews: z.array(reviewEntrySchema),
});
export type RevisionDetail = z.infer<typeof revisionDetailSchema>;

export const submissionsPageSchema = z.object({ submissions: z.array(revisionSchema), nextCursor: z.string().optional() });
export type SubmissionsPage = z.infer<typeof submissionsPageSchema>;

export const batchReceiptSchema = z.object({ submissions: z.array(receiptSchema) });

/** One unit × template cell of 报送进度. */
export const statusSchema = z.object({
  status: statusKeySchema,
  revision: z.number().int().optional(),
  submittedAt: z.string().optional(),
  comment: z.string().optional(),
});
export type Status = z.infer<typeof statusSchema>;

export const progressUnitSchema = z.object({
  unit: unitCodeSchema,
  name: z.string(),
  org: orgSchema,
  district: z.string(),
  active: z.boolean(),
  overdue: z.boolean(),
  /** 联系人 and 联系电话 from the roster, where given: whom to call about a missing report. */
  contact: z.string().optional(),
  phone: z.string().optional(),
  /** One cell per template of the year's edition. */
  templates: z.partialRecord(templateIdSchema, statusSchema),
});
export type ProgressUnit = z.infer<typeof progressUnitSchema>;

/** Progress of one child area: counts of unit × template cells, and two rates (2 decimals; null when nothing is expected, or no deadline for onTimeRate). */
export const areaProgressSchema = z.object({
  area: areaCodeSchema,
  name: z.string(),
  expected: z.number().int(),
  missing: z.number().int(),
  submitted: z.number().int(),
  returned: z.number().int(),
  accepted: z.number().int(),
  reportRate: z.number().nullable(),
  onTimeRate: z.number().nullable(),
});
export type AreaProgress = z.infer<typeof areaProgressSchema>;

/** GET /progress/{year} */
export const progressSchema = z.object({
  year: z.number().int(),
  deadline: z.string().nullable(),
  /** The area the figures are for (the caller's, or ?area=). */
  area: areaSchema,
  units: z.array(progressUnitSchema),
  /** The requested area's child areas ([] for a leaf). */
  areas: z.array(areaProgressSchema),
  summary: z.object({
    expected: z.number().int(),
    missing: z.number().int(),
    submitted: z.number().int(),
    returned: z.number().int(),
    accepted: z.number().int(),
  }),
});
export type Progress = z.infer<typeof progressSchema>;

/** How a column's change is stated: relative % for figures, 百分点 (the difference) for rates. */
export const CHANGE_UNITS = ['%', '百分点'] as const;

export const columnSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  /** The formula of a derived rate, in field keys. */
  derived: z.string().optional(),
  changeUnit: z.enum(CHANGE_UNITS),
});
export type Column = z.infer<typeof columnSchema>;

/** A row's figures by column key: numbers (money with at most 2 decimals), null where not reported or not asked. */
export const valuesSchema = z.record(z.string(), z.number().nullable());
export type Values = z.infer<typeof valuesSchema>;

/** 汇总单位数: roster units in the row's scope that have a counted revision of the sheet's template, of all roster units in scope. */
export const coverageSchema = z.object({ reported: z.number().int(), expected: z.number().int() });
export type Coverage = z.infer<typeof coverageSchema>;

/** A sheet's rows, their figures as `values` says: by column key (the default shape), or in column order (`?shape=columns`). */
function rowSchemaOf<V extends z.ZodType>(values: V) {
  const comparison = { values, previous: values, change: values };
  return z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('unit'), unit: unitCodeSchema, label: z.string(), org: orgSchema, district: z.string(), area: areaCodeSchema, values }),
    z.object({ kind: z.literal('subtotal'), org: orgSchema, label: z.string(), ...comparison, coverage: coverageSchema }),
    z.object({ kind: z.literal('category'), category: z.string(), label: z.string(), ...comparison }),
    // A child area's whole subtree; or, with `local`, the units attached to the requested area itself (本级).
    z.object({ kind: z.literal('area'), area: areaCodeSchema, local: z.boolean().optional(), label: z.string(), ...comparison, coverage: coverageSchema }),
    z.object({
      kind: z.literal('total'),
      label: z.string(),
      ...comparison,
      coverage: coverageSchema,
      /** Last year's published total of the same scope; null when last year was never published. */
      previousPublished: values.nullable(),
    }),
  ]);
}
export const sheetRowSchema = rowSchemaOf(valuesSchema);
export type SheetRow = z.infer<typeof sheetRowSchema>;

/** A row's figures in the order of its sheet's `columns` (null where not reported or not asked). */
export const columnValuesSchema = z.array(z.number().nullable());
export const columnRowSchema = rowSchemaOf(columnValuesSchema);
export type ColumnRow = z.infer<typeof columnRowSchema>;

export const sheetSchema = z.object({ sheet: z.string(), title: z.string(), columns: z.array(columnSchema), rows: z.array(sheetRowSchema) });
export type Sheet = z.infer<typeof sheetSchema>;
/** A sheet in the columnar shape: the column keys once, each row's figures as an array in their order. */
export const columnSheetSchema = sheetSchema.extend({ rows: z.array(columnRowSchema) });
export type ColumnSheet = z.infer<typeof columnSheetSchema>;

/** 分区汇总 (areas.md): child areas down, org types across, a few key figures per cell, with totals. */
export const areaTableSchema = z.object({
  measures: z.array(z.object({ template: templateIdSchema, key: z.string(), label: z.string(), unit: z.string() })),
  rows: z.array(
    z.object({
      area: areaCodeSchema,
      local: z.boolean().optional(),
      /** The requested area's own total row. */
      total: z.boolean().optional(),
      label: z.string(),
      /** cells[measure key][org key or 'total'] */
      cells: z.record(z.string(), z.record(z.string(), z.number().nullable())),
    }),
  ),
});
export type AreaTable = z.infer<typeof areaTableSchema>;

export const sheetKeySchema = z.enum(ALL_SHEET_KEYS);

/** Which version of a published year a body is (reporting-year.md). */
export const publishedSchema = z.object({ version: z.number().int(), publishedAt: z.string(), checksum: z.string() });
export type Published = z.infer<typeof publishedSchema>;

/** GET /consolidated/{year} */
/** One year of the workbook's trend chart; null where the year has no figure. */
export const chartYearSchema = z.object({ year: z.number().int(), members: z.number().nullable(), trainees: z.number().nullable() });
export type ChartYear = z.infer<typeof chartYearSchema>;

const consolidatedFields = {
  year: z.number().int(),
  /** The year's edition; absent for the 2024 edition (its figures read exactly as before editions existed). */
  edition: editionIdSchema.optional(),
  generatedAt: z.string(),
  /** null while the year is open (figures computed live). */
  published: publishedSchema.nullable(),
  /** The area the figures are for (the root: the whole city). */
  area: areaSchema,
  /** The edition's sheets: the 2024 edition's always; 表5's and its 服务对象 table from the 2026 edition. */
  sheets: z.object({
    members: sheetSchema,
    trainings: sheetSchema,
    trainingsByCategory: sheetSchema,
    awards: sheetSchema,
    funding: sheetSchema,
    services: sheetSchema.optional(),
    servicesByGroup: sheetSchema.optional(),
  }),
  byArea: areaTableSchema,
  /** Why the comparable 上年 differs from last year's published total: units new this year, and units counted last year no longer in the roster. */
  scope: z.object({ newUnits: z.array(unitCodeSchema), goneUnits: z.array(unitCodeSchema) }),
  progress: progressSchema,
  /**
   * The area's 年末个人会员数 and 培训人次 for the five years ending with this
   * one, as the 图表 sheet draws them (earlier years as published by the time
   * this version was). Absent from versions stored before charts existed.
   */
  trend: z.array(chartYearSchema).optional(),
};
export const consolidatedSchema = z.object(consolidatedFields);
export type Consolidated = z.infer<typeof consolidatedSchema>;

/**
 * GET /consolidated/{year}?shape=columns: the same body with every sheet's
 * figures (values, previous, change, previousPublished) as arrays in the
 * order of its `columns` — the keys said once per sheet, not once per row:
 * about 45 % fewer bytes at 20,000 units (issue 17).
 */
export const consolidatedColumnsSchema = z.object({
  ...consolidatedFields,
  shape: z.literal('columns'),
  sheets: z.object(Object.fromEntries(Object.entries(consolidatedFields.sheets.shape).map(([k, v]) => [k, v instanceof z.ZodOptional ? columnSheetSchema.optional() : columnSheetSchema])) as {
    [K in keyof typeof consolidatedFields.sheets.shape]: (typeof consolidatedFields.sheets.shape)[K] extends z.ZodOptional<z.ZodType> ? z.ZodOptional<typeof columnSheetSchema> : typeof columnSheetSchema;
  }),
});
export type ConsolidatedColumns = z.infer<typeof consolidatedColumnsSchema>;

/** One published version of a year (GET /consolidated/{year}/versions). */
export const versionSchema = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  checksum: z.string(),
  reason: z.string().nullable(),
  changes: z.array(z.object({ unit: unitCodeSchema, template: templateIdSchema, from: z.number().int().nullable(), to: z.number().int().nullable() })),
});
export type Version = z.infer<typeof versionSchema>;
export const versionsSchema = z.object({ versions: z.array(versionSchema) });

/** One counted revision's part of a figure. */
export const contributionSchema = z.object({
  unit: unitCodeSchema,
  name: z.string(),
  submissionId: z.string(),
  revision: z.number().int(),
  value: z.number(),
});
export type Contribution = z.infer<typeof contributionSchema>;
const tracePart = z.object({ value: z.number().nullable(), contributions: z.array(contributionSchema) });
export type TracePart = z.infer<typeof tracePart>;
const measureTrace = tracePart.extend({ previous: tracePart });

/** GET /consolidated/{year}/trace: where a figure comes from, exact to the cent. */
export const traceSchema = z.union([
  measureTrace.extend({ year: z.number().int(), template: sheetKeySchema, key: z.string(), row: z.string(), unit: z.string() }),
  z.object({
    year: z.number().int(),
    template: sheetKeySchema,
    key: z.string(),
    row: z.string(),
    unit: z.literal('%'),
    value: z.number().nullable(),
    previous: z.object({ value: z.number().nullable() }),
    numerator: measureTrace.extend({ key: z.string() }),
    denominator: measureTrace.extend({ key: z.string() }),
  }),
]);
export type Trace = z.infer<typeof traceSchema>;

/** GET /trend: one figure per year, oldest first; `published` when it came from a published version. */
export const trendPointSchema = z.object({ year: z.number().int(), value: z.number().nullable(), published: z.boolean() });
export type TrendPoint = z.infer<typeof trendPointSchema>;
export const trendSchema = z.object({ points: z.array(trendPointSchema) });

/** GET /report-figures/{year}: the report's sentences filled in, each figure with the consolidated figure it is. */
export const reportFiguresSchema = z.object({
  phrases: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      /** Each figure in the order it appears; `source` names it as a reader finds it (表1 组织与会员 · 全市合计 · 年末个人会员数). */
      figures: z.array(z.object({ ref: z.string(), value: z.number().nullable(), unit: z.string(), source: z.string() })),
    }),
  ),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

/** GET /quality/{year}: every warning of a counted revision, and the outliers among peers. */
export const qualitySchema = z.object({
  warnings: z.array(
    z.object({
      unit: unitCodeSchema,
      name: z.string(),
      org: orgSchema,
      template: templateIdSchema,
      code: z.string(),
      message: z.string(),
      explanation: z.string().nullable(),
      submissionId: z.string(),
      revision: z.number().int(),
    }),
  ),
  outliers: z.array(
    z.object({ unit: unitCodeSchema, name: z.string(), org: orgSchema, ratio: z.string(), value: z.number(), median: z.number(), score: z.number(), message: z.string(), submissionId: z.string() }),
  ),
});
export type Quality = z.infer<typeof qualitySchema>;

/** GET /submissions/{id}/context: the unit's own last year and the median of its peers this year, per measure. */
export const revisionContextSchema = z.object({
  /** The unit's org type in the year's roster (null: not in it). */
  org: orgSchema.nullable(),
  previous: valuesSchema,
  median: valuesSchema,
  peers: z.number().int(),
});
export type RevisionContext = z.infer<typeof revisionContextSchema>;

/** The year's roster (报送名录): a unit as it was listed for the year. */
export const rosterSchema = z.object({ units: z.array(unitSchema), nextCursor: z.string().optional() });

export const CORRECTION_STATUSES = ['open', 'closing', 'closed'] as const;
/** A correction (更正) of one unit's templates in a closed year. */
export const correctionSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  unit: unitCodeSchema,
  templates: z.array(templateIdSchema),
  reason: z.string(),
  status: z.enum(CORRECTION_STATUSES),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** The version its close published; null while open, or when nothing changed. */
  version: z.number().int().nullable(),
});
export type Correction = z.infer<typeof correctionSchema>;
export const correctionsSchema = z.object({ corrections: z.array(correctionSchema) });

/** One line of the audit log. */
export const auditEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  role: z.string().nullable(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  code: z.string().nullable(),
  client: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export const auditPageSchema = z.object({ events: z.array(auditEventSchema), nextCursor: z.string().optional() });



/**
 * A target (目标管理考核, analysis.md): an org type's (`org`) or one unit's (`unit`), exactly one of
 * them, on one figure of one template; `value` in the figure's unit (money in 万元, at most 2 decimals).
 */
export const targetSchema = z.object({ org: orgSchema.optional(), unit: unitCodeSchema.optional(), template: templateIdSchema, key: z.string(), value: z.number() });
export type Target = z.infer<typeof targetSchema>;
/** GET /targets/{year}, PUT /targets/{year} */
export const targetsSchema = z.object({ targets: z.array(targetSchema) });

/** One figure of a unit's assessment: `rate` = actual ÷ target × 100 (2 decimals); `actual` 0 when not reported. */
export const assessmentItemSchema = z.object({ template: templateIdSchema, key: z.string(), label: z.string(), target: z.number(), actual: z.number(), rate: z.number() });
export type AssessmentItem = z.infer<typeof assessmentItemSchema>;
/** A unit with at least one target: `met` items with actual ≥ target (compared exactly), of `total`. */
export const assessmentRowSchema = z.object({
  unit: unitCodeSchema,
  name: z.string(),
  org: orgSchema,
  area: areaCodeSchema,
  items: z.array(assessmentItemSchema),
  met: z.number().int(),
  total: z.number().int(),
});
export type AssessmentRow = z.infer<typeof assessmentRowSchema>;
/** GET /assessment/{year}: rows by met ÷ total descending, then org order and code; a summary per org type. */
export const assessmentSchema = z.object({
  rows: z.array(assessmentRowSchema),
  summary: z.array(z.object({ org: orgSchema, units: z.number().int(), met: z.number().int(), total: z.number().int() })),
});
export type Assessment = z.infer<typeof assessmentSchema>;

/** POST /import */
export const importResultSchema = z.object({ year: z.number(), units: z.number(), submissions: z.number(), reviews: z.number() });

/** A target as stored (archive lines): `owner` an org type or a unit code, `value` an integer (money in hundredths). */
const storedTargetSchema = z.object({ year: z.number().int(), kind: z.enum(TARGET_KINDS), owner: z.string().min(1).max(32), template: templateIdSchema, key: z.string().max(60), value: z.number().int().min(1) });

/** The lines of a year's archive (GET /export/{year}, POST /import), one JSON object per line. */
export const archiveLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('archive'), version: z.literal(1), year: z.number().int(), exportedAt: z.string() }),
  unitSchema.extend({ type: z.literal('unit') }),
  // An archive from before editions has no edition: its year was reported under the 2024 edition.
  periodSchema.extend({ type: z.literal('period'), edition: editionIdSchema.optional() }),
  z.object({
    type: z.literal('submission'),
    id: z.string().min(1).max(64),
    unit: unitCodeSchema,
    year: z.number().int(),
    template: templateIdSchema,
    revision: z.number().int().min(1),
    status: revisionStatusSchema,
    checksum: z.string(),
    rows: z.array(z.record(z.string(), z.unknown())),
    data: z.array(z.record(z.string(), z.unknown())),
    warnings: z.array(issueSchema),
    explanation: z.string().nullable(),
    signoff: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
  z.object({
    type: z.literal('review'),
    id: z.string().min(1).max(64),
    submission: z.string(),
    action: reviewActionSchema,
    comment: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
  // A published version and its frozen inputs (reporting-year.md), restored as they were.
  z.object({
    type: z.literal('publication'),
    year: z.number().int(),
    version: z.number().int().min(1),
    publishedAt: z.string(),
    checksum: z.string().nullable(),
    reason: z.string().nullable(),
    deadline: z.string().nullable(),
    settings: settingsSchema.nullable(),
    previousPublished: z.record(z.string(), valuesSchema).nullable(),
    totals: z.record(z.string(), valuesSchema).nullable(),
  }),
  unitSchema.extend({ type: z.literal('rosterUnit'), year: z.number().int(), version: z.number().int() }),
  // The live area tree the units belong to, and each version's frozen one.
  areaSchema.extend({ type: z.literal('area') }),
  areaSchema.extend({ type: z.literal('publicationArea'), year: z.number().int(), version: z.number().int() }),
  z.object({
    type: z.literal('entry'),
    year: z.number().int(),
    version: z.number().int(),
    unit: unitCodeSchema,
    template: templateIdSchema,
    submission: z.string(),
    revision: z.number().int(),
    status: revisionStatusSchema,
    submittedAt: z.string(),
    comment: z.string().nullable(),
  }),
  z.object({
    type: z.literal('previousEntry'),
    year: z.number().int(),
    version: z.number().int(),
    unit: unitCodeSchema,
    template: templateIdSchema,
    submission: z.string(),
    revision: z.number().int(),
    /** The sums as stored (JSON text), so that the version's 上年 needs nothing of last year's archive. */
    sums: z.string(),
  }),
  z.object({ type: z.literal('change'), year: z.number().int(), version: z.number().int(), unit: unitCodeSchema, template: templateIdSchema, from: z.number().int().nullable(), to: z.number().int().nullable() }),
  correctionSchema.extend({ type: z.literal('correction'), openedBy: z.string() }),
  // The year's targets as stored (value an integer: money in hundredths), and each version's frozen ones.
  storedTargetSchema.extend({ type: z.literal('target') }),
  storedTargetSchema.extend({ type: z.literal('publicationTarget'), version: z.number().int() }),
]);
export type ArchiveLine = z.infer<typeof archiveLineSchema>;
