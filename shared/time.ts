/**
 * Times as the people who report read them: China Standard Time (UTC+8, no
 * daylight saving), whatever the clock of the machine showing them.
 */
const CST_MS = 8 * 3_600_000;

/** Today's date in China, `YYYY-MM-DD`. */
export function todayInChina(at = Date.now()): string {
  return new Date(at + CST_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A stored time (ISO, UTC) as `YYYY-MM-DD HH:mm` in China; the input unchanged when it is not a time. */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + CST_MS).toISOString().slice(0, 16).replace('T', ' ');
}
