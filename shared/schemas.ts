/**
 * zod schemas of the HTTP API's bodies, derived from the catalog. The worker
 * validates with them and generates its OpenAPI document from them; clients
 * type their requests with them. Row *content* is judged by the check engine
 * (which gives every issue with a Chinese message and its field), so the
 * submission envelope only requires rows to be objects; `rowSchema` describes
 * each template's row for the documentation and for typed clients.
 */
import { z } from 'zod';
import { ALL_TEMPLATE_IDS, FIELD_TYPES, ORG_KEYS, RETURN_NEEDS_COMMENT, REVISION_STATUSES, SEVERITIES, SIGNOFF_FIELDS, TEMPLATE_KINDS, type Field, type Template } from './catalog.ts';
import { EDITION_IDS, LATEST, type Edition } from './editions.ts';
import { INT_MAX } from './values.ts';

export const orgSchema = z.enum(ORG_KEYS);
/** Any edition's template: whether the year's edition has it is the worker's to say (422). */
export const templateIdSchema = z.enum(ALL_TEMPLATE_IDS);
export const editionIdSchema = z.enum(EDITION_IDS);
export const severitySchema = z.enum(SEVERITIES);
export const unitCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, '单位代码只能由 1–32 位字母、数字、- 或 _ 组成');
export const yearSchema = z.number().int().min(2000).max(2100);
// C0/C1 controls and UTF-16 halves without their partner never belong in a name or comment.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Free text as people type it: anything printable, trimmed. */
export const printable = (max: number) => z.string().max(max).refine((s) => !UNPRINTABLE.test(s), '含有不可见的控制字符或乱码');
const text = (max: number) => printable(max).transform((s) => s.trim()).refine((s) => s.length > 0, '不能为空');
export const districtCodeSchema = z.string().regex(/^\d{6,12}$/, '行政区划代码应为 6–12 位数字');
/** 联系人: a name as typed. */
export const contactSchema = text(50);
/** 联系电话: digits and what people write between them (0772-1234567、138 0000 0000 转 8001). */
export const phoneSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().regex(/^[0-9+\-() （）\/、,，转#]{3,40}$/, '联系电话只能由数字和空格、+、-、括号、/、转、# 组成，3–40 个字符'));

/** An area's code: like a unit's. */
export const areaCodeSchema = unitCodeSchema;

export const unitSchema = z.object({
  code: unitCodeSchema,
  name: z.string(),
  org: orgSchema,
  district: z.string(),
  districtCode: z.string().nullable(),
  active: z.boolean(),
  area: areaCodeSchema,
  /** 联系人 and 联系电话 (optional in the roster). */
  contact: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});
/** A unit is placed by `area` (a code) or, as before areas, by `district` (a level-1 area's name, created when missing). */
export const createUnitSchema = z
  .strictObject({
    code: unitCodeSchema,
    name: text(100),
    org: orgSchema,
    district: text(50).optional(),
    area: areaCodeSchema.optional(),
    districtCode: districtCodeSchema.nullable().optional(),
    contact: contactSchema.nullable().optional(),
    phone: phoneSchema.nullable().optional(),
  })
  .refine((u) => (u.district === undefined) !== (u.area === undefined), { message: '请给出 area（所属区域代码）或 district（所属区县名称）中的一个', path: ['area'] });
export const patchUnitSchema = z
  .strictObject({
    name: text(100).optional(),
    district: text(50).optional(),
    area: areaCodeSchema.optional(),
    districtCode: districtCodeSchema.nullable().optional(),
    active: z.boolean().optional(),
    contact: contactSchema.nullable().optional(),
    phone: phoneSchema.nullable().optional(),
  })
  .refine((u) => u.district === undefined || u.area === undefined, { message: 'area 与 district 只能给出一个', path: ['area'] });

export const areaSchema = z.object({
  code: areaCodeSchema,
  name: z.string(),
  parent: areaCodeSchema.nullable(),
  level: z.number().int().min(0).max(5),
  districtCode: z.string().nullable(),
});
export const createAreaSchema = z.strictObject({
  code: areaCodeSchema,
  name: text(50),
  parent: areaCodeSchema,
  districtCode: districtCodeSchema.nullable().optional(),
});
export const patchAreaSchema = z.strictObject({
  name: text(50).optional(),
  parent: areaCodeSchema.optional(),
  districtCode: districtCodeSchema.nullable().optional(),
});

export const settingsSchema = z.object({
  city: z.string(),
  issuer: z.string(),
  docNo: z.string(),
  validUntil: z.string(),
});

export const signoffSchema = z.strictObject(
  Object.fromEntries(
    SIGNOFF_FIELDS.map((s) => [
      s.key,
      s.key === 'date' ? z.union([z.literal(''), z.iso.date()]).optional() : printable(100).optional(),
    ]),
  ) as Record<(typeof SIGNOFF_FIELDS)[number]['key'], z.ZodOptional<z.ZodString>>,
);

/** The JSON form of one field's value, as documented; null or absent means omitted. */
function valueSchema(f: Field) {
  const base = (() => {
    switch (f.type) {
      case 'int':
        return z.number().int().min(0).max(INT_MAX);
      case 'money':
        return z.number().min(f.signed ? -100_000_000 : 0).max(100_000_000).describe('万元，至多两位小数');
      case 'text':
        return z.string().max(f.maxLength ?? 1000);
      case 'enum':
        return z.enum((f.options ?? []).map((o) => o.key) as [string, ...string[]]);
      case 'bool':
        return z.boolean();
      case 'month':
        return z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
    }
  })();
  return base.nullable().optional().describe(`${f.label}${f.unit ? `（${f.unit}）` : ''}`);
}

/** One row of a template, field by field. */
export function rowSchema(t: Template) {
  return z.strictObject(Object.fromEntries(t.fields.map((f) => [f.key, valueSchema(f)])));
}

/** Each template's row as an edition states it. */
export function rowSchemas(edition: Edition) {
  return Object.fromEntries(edition.templates.map((t) => [t.id, rowSchema(t)]));
}

/** A report row as it travels: an object; its fields are judged by the check engine. */
export const looseRowSchema = z.record(z.string(), z.unknown());
export const MAX_ROWS = 10_000;
export const explanationSchema = printable(2000);

export const submissionSchema = z.strictObject({
  year: yearSchema,
  unit: unitCodeSchema,
  template: templateIdSchema,
  rows: z.array(looseRowSchema).max(MAX_ROWS),
  explanation: explanationSchema.optional(),
  signoff: signoffSchema.optional(),
});

export const batchSchema = z.strictObject({
  year: yearSchema,
  unit: unitCodeSchema,
  submissions: z
    .array(
      z.strictObject({
        template: templateIdSchema,
        rows: z.array(looseRowSchema).max(MAX_ROWS),
        explanation: explanationSchema.optional(),
      }),
    )
    .min(1)
    .max(LATEST.templates.length)
    .refine((s) => new Set(s.map((x) => x.template)).size === s.length, '每张报表在一次上传中至多出现一次'),
  signoff: signoffSchema.optional(),
});

export const issueSchema = z.object({
  template: templateIdSchema,
  row: z.number().int().nullable(),
  field: z.string().nullable(),
  cell: z.string().nullable(),
  severity: severitySchema,
  code: z.string(),
  message: z.string(),
});

export const ERROR_CODES = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  period_closed: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  explanation_required: 422,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    issues: z.array(issueSchema).optional(),
  }),
});

/** Who may do what (api.md): every list of roles in the code is this one. */
export const ROLES = ['admin', 'statistician', 'clerk'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);
/** A revision's status; a template with no revision is `missing` in progress. */
export type { RevisionStatus } from './catalog.ts';
export const revisionStatusSchema = z.enum(REVISION_STATUSES);
export const STATUS_KEYS = ['missing', ...REVISION_STATUSES] as const;
export type StatusKey = (typeof STATUS_KEYS)[number];
export const statusKeySchema = z.enum(STATUS_KEYS);
export const REVIEW_ACTIONS = ['accept', 'return'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export const reviewActionSchema = z.enum(REVIEW_ACTIONS);
export const PERIOD_STATUSES = ['open', 'closed'] as const;
export const createTokenSchema = z
  .strictObject({ role: roleSchema, unit: unitCodeSchema.optional(), area: areaCodeSchema.optional(), label: printable(100).optional() })
  .refine((t) => (t.role === 'clerk') === (t.unit !== undefined), { message: '填报员令牌必须且只能指定一个单位', path: ['unit'] })
  .refine((t) => t.area === undefined || t.role === 'statistician', { message: '只有统计员令牌可以限定区域', path: ['area'] });

export const periodStatusSchema = z.enum(PERIOD_STATUSES);
export const putPeriodSchema = z.strictObject({
  status: periodStatusSchema,
  deadline: z.iso.date().optional(),
});

export const reviewSchema = z
  .strictObject({ action: reviewActionSchema, comment: printable(1000).optional() })
  .refine((r) => r.action !== 'return' || (r.comment ?? '').trim() !== '', { message: RETURN_NEEDS_COMMENT, path: ['comment'], params: { plain: true } });

/** GET /templates: an edition of the catalog as served to clients. */
export const templatesResponseSchema = z.object({
  edition: editionIdSchema,
  templates: z.array(
    z.object({
      id: templateIdSchema,
      edition: editionIdSchema,
      title: z.string(),
      sheet: z.string(),
      kind: z.enum(TEMPLATE_KINDS),
      fields: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          unit: z.string(),
          type: z.enum(FIELD_TYPES),
          required: z.boolean(),
          applies: z.array(orgSchema).optional(),
          options: z.array(z.object({ key: z.string(), label: z.string() })).optional(),
          maxLength: z.number().int().optional(),
          signed: z.boolean().optional(),
        }),
      ),
      checks: z.array(z.object({ code: z.string(), name: z.string(), severity: severitySchema, text: z.string() })),
    }),
  ),
});

/** An edition of the catalog in the shape of GET /templates (rules stay internal; their text is what clients show). */
export function templatesResponse(edition: Edition): z.infer<typeof templatesResponseSchema> {
  return {
    edition: edition.id,
    templates: edition.templates.map((t) => ({
      id: t.id,
      edition: edition.id,
      title: t.title,
      sheet: t.sheet,
      kind: t.kind,
      fields: t.fields.map(({ short: _short, countLabel: _count, ...f }) => ({ ...f })),
      checks: t.checks.map((c) => ({ code: c.code, name: c.name, severity: c.severity, text: c.text })),
    })),
  };
}

/** Who a target is for: an org type (the city's target for its units) or one unit. */
export const TARGET_KINDS = ['org', 'unit'] as const;
/** At most this many targets in one PUT /targets/{year}: a city of 5,000 units with a few each. */
export const MAX_TARGETS = 50_000;
/**
 * PUT /targets/{year}: the year's targets (within the caller's area), exactly one of `org` and
 * `unit` each. Whether `key` is a figure of `template` that the org type reports, and whether
 * `value` fits it, are judged against the catalog by shared/assessment.ts.
 */
export const putTargetsSchema = z.strictObject({
  targets: z
    .array(
      z
        .strictObject({ org: z.enum(ORG_KEYS).optional(), unit: unitCodeSchema.optional(), template: templateIdSchema, key: z.string().max(60), value: z.number() })
        .refine((t) => (t.org === undefined) !== (t.unit === undefined), { message: '每条目标须且只能给出 org（组织类型）或 unit（单位代码）中的一个', path: ['org'] }),
    )
    .max(MAX_TARGETS),
});
