/** Three significant digits, without the trailing zeros and exponents toPrecision leaves. */
export function significant(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '—';
}
