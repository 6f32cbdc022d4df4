/**
 * Exact money. 万元 amounts carry at most two decimals and are held as integer
 * hundredths, so that sums and comparisons are exact to the cent: 0.1 + 0.2 is
 * 30 hundredths, not 0.30000000000000004. Amounts up to 10^8 万元 are 10^10
 * hundredths, and a city's sum stays far below 2^53.
 */

/** Result of reading a decimal: its value in hundredths, or why not. */
export type Hundredths = { ok: true; value: number } | { ok: false; reason: 'decimals' | 'format' };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Reads a decimal string exactly into hundredths. Accepts exponent notation
 * (JavaScript prints 1e-7 and 1e21 that way) and refuses more than two
 * significant decimals.
 */
export function decimalToHundredths(s: string): Hundredths {
  const m = DECIMAL.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { ok: false, reason: 'format' };
  const sign = m[1] === '-' ? -1 : 1;
  const intPart = m[2] ?? '';
  let all = intPart + (m[3] ?? '');
  // Where the decimal point sits in `all`, after the exponent moved it.
  let point = intPart.length + Number(m[4] ?? 0);
  const lead = all.length - all.replace(/^0+/, '').length;
  all = all.slice(lead).replace(/0+$/, '');
  point -= lead;
  if (all === '') return { ok: true, value: 0 };
  if (all.length - point > 2) return { ok: false, reason: 'decimals' };
  const shift = point + 2 - all.length;
  // Beyond 10^20 hundredths no amount is in range; say so without building a huge string.
  if (shift > 20) return { ok: true, value: sign * Infinity };
  const value = Number(all + '0'.repeat(shift));
  return { ok: true, value: value === 0 ? 0 : sign * value };
}

/**
 * A JSON number in hundredths. `String(n)` is the shortest decimal that reads
 * back as `n`, i.e. what the sender wrote, so 12.34 is 1234 and 12.345 is refused.
 */
export function numberToHundredths(n: number): Hundredths {
  if (!Number.isFinite(n)) return { ok: false, reason: 'format' };
  return decimalToHundredths(String(n));
}

/** Hundredths as the JSON number they stand for (the double nearest the decimal). */
export function hundredthsToNumber(h: number): number {
  const n = h / 100;
  return n === 0 ? 0 : n;
}

/** Hundredths printed with two decimals, as the forms show 万元: 1234.50. */
export function formatHundredths(h: number): string {
  const neg = h < 0;
  const a = Math.abs(h);
  const s = `${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}
