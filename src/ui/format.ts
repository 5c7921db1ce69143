/** Number formatting for readouts: '—' for anything not finite (no data yet). */

export function fixed(v: number | undefined, digits = 3): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '—';
}

export function percent(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? `${(100 * v).toFixed(1)} %` : '—';
}

export function count(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—';
}

const PREFIXES = ['', 'k', 'M', 'G', 'T'];

/** Rates with an SI prefix: 1.23 M/s. */
export function perSecond(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1000 && i < PREFIXES.length - 1) {
    x /= 1000;
    i++;
  }
  return `${x.toPrecision(3)} ${PREFIXES[i]}/s`;
}
