/** How the pane writes figures and stored values: the way the forms and the consolidated sheets do. */
import type { Field } from '../../shared/catalog.ts';
import { toCell } from '../../shared/layout.ts';

/** A figure: — when missing, money with two decimals. */
export const show = (v: number | null | undefined, unit = '') => (v === null || v === undefined ? '—' : unit === '万元' ? v.toFixed(2) : String(v));

/** A stored value as the form shows it: option labels, 是/否, money with two decimals. */
export function cellText(f: Field, v: unknown): string {
  const c = toCell(f, v);
  if (c === null || c === '') return '—';
  return f.type === 'money' && typeof c === 'number' ? c.toFixed(2) : String(c);
}
