/**
 * Reading one value of a report (as JSON) into its typed form, or saying in
 * plain Chinese why it is not acceptable. The check engine, the canonical
 * form of the API and the consolidation all go through here, so a value means
 * the same everywhere.
 */
import { applies, orgLabel, type Field, type OrgKey } from './catalog.ts';
import { formatHundredths, numberToHundredths } from './money.ts';

/** int: the number; money: integer hundredths; text, enum, month: the string; bool: the boolean. */
export type Value = number | string | boolean;

export const INT_MAX = 1_000_000_000;
/** 10^8 万元, in hundredths. */
export const MONEY_MAX = 100_000_000 * 100;

export type Parsed =
  /** `value` null: omitted (optional field, or a field that does not apply). */
  | { ok: true; value: Value | null; applies: boolean }
  | { ok: false; message: string };

const MONTH = /^(\d{4})-(\d{2})$/;
// C0 and C1 controls, and UTF-16 halves without their partner: never part of a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** How a raw value is quoted inside a message: short, and never mistaken for markup. */
export function quote(raw: unknown): string {
  if (typeof raw === 'string') {
    const chars = [...raw];
    return `“${chars.length > 20 ? chars.slice(0, 20).join('') + '…' : raw}”`;
  }
  if (raw === null || raw === undefined) return '空值';
  if (typeof raw === 'object') return Array.isArray(raw) ? '数组' : '对象';
  return String(raw);
}

export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** A value of a field as printed in messages and sheets: money with two decimals, bool 是/否, enum label. */
export function formatValue(f: Field, v: Value | null): string {
  if (v === null) return '—';
  switch (f.type) {
    case 'money':
      return formatHundredths(v as number);
    case 'bool':
      return v ? '是' : '否';
    case 'enum':
      return f.options?.find((o) => o.key === v)?.label ?? String(v);
    default:
      return String(v);
  }
}

/**
 * Reads one JSON value of field `f` for a unit of type `org`. With `org`
 * null (a file checked without the server, which knows the unit's type) a
 * field asked of some types only may be blank and, when filled, is read as
 * asked: either could be right for the unit.
 */
export function parseValue(f: Field, raw: unknown, org: OrgKey | null): Parsed {
  const name = f.label;
  if (org === null && f.applies && isBlank(raw)) return { ok: true, value: null, applies: false };
  if (org !== null && !applies(f, org)) {
    if (isBlank(raw)) return { ok: true, value: null, applies: false };
    return { ok: false, message: `${name}不适用于${orgLabel(org)}，请留空` };
  }
  if (isBlank(raw)) {
    if (!f.required) return { ok: true, value: null, applies: true };
    const zero = f.type === 'int' || f.type === 'money' ? '（数值为零请填 0）' : '';
    return { ok: false, message: `${name}不能为空${zero}` };
  }
  const ok = (value: Value): Parsed => ({ ok: true, value, applies: true });
  switch (f.type) {
    case 'int': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { ok: false, message: `${name}应为数字，现为${quote(raw)}` };
      if (!Number.isInteger(raw)) return { ok: false, message: `${name}应为整数，现为 ${raw}` };
      if (raw < 0) return { ok: false, message: `${name}不能为负数，现为 ${raw}` };
      if (raw > INT_MAX) return { ok: false, message: `${name} ${raw} 超出上限 ${INT_MAX}` };
      return ok(raw === 0 ? 0 : raw);
    }
    case 'money': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { ok: false, message: `${name}应为数字（万元），现为${quote(raw)}` };
      const h = numberToHundredths(raw);
      if (!h.ok) return { ok: false, message: `${name}最多保留两位小数（万元），现为 ${raw}` };
      if (h.value < 0 && !f.signed) return { ok: false, message: `${name}不能为负数，现为 ${raw}` };
      if (Math.abs(h.value) > MONEY_MAX) return { ok: false, message: `${name} ${raw} 超出上限 100000000 万元` };
      return ok(h.value);
    }
    case 'text': {
      if (typeof raw !== 'string') return { ok: false, message: `${name}应为文字，现为${quote(raw)}` };
      const s = raw.trim();
      if (CONTROL.test(s) || LONE_SURROGATE.test(s)) return { ok: false, message: `${name}含有不可见的控制字符或乱码，请重新输入` };
      const n = [...s].length;
      if (f.maxLength && n > f.maxLength) return { ok: false, message: `${name}不能超过 ${f.maxLength} 字，现为 ${n} 字` };
      return ok(s);
    }
    case 'enum': {
      const opts = f.options ?? [];
      const s = typeof raw === 'string' ? raw.trim() : raw;
      if (typeof s === 'string' && opts.some((o) => o.key === s)) return ok(s);
      return { ok: false, message: `${name}${quote(raw)}不是有效选项，应为：${opts.map((o) => o.label).join('、')}` };
    }
    case 'bool':
      if (typeof raw !== 'boolean') return { ok: false, message: `${name}应填“是”或“否”，现为${quote(raw)}` };
      return ok(raw);
    case 'month': {
      const m = typeof raw === 'string' ? MONTH.exec(raw.trim()) : null;
      const month = m ? Number(m[2]) : 0;
      if (!m || month < 1 || month > 12) return { ok: false, message: `${name}应为年月，格式如 2024-03，现为${quote(raw)}` };
      return ok(`${m[1]}-${m[2]}`);
    }
  }
}
