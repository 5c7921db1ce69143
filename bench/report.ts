import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const RESULTS = new URL('./results.json', import.meta.url);

export const sci = (x: number) => x.toExponential(2);
export const times = (x: number) => `${x.toFixed(2)}×`;

/** A markdown table: the first column left-aligned, the (numeric) rest right-aligned. */
export function markdownTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** Prints a titled table with the adapter it was measured on. */
export function printTable(title: string, adapter: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  console.log(`\n### ${title}\nadapter: ${adapter}\n\n${markdownTable(header, rows)}\n`);
}

/** Writes one section of bench/results.json, keeping the others: each bench file owns one key,
 * and the files run one after another (fileParallelism: false), so read-modify-write is safe. */
export function saveSection(key: string, adapter: string, body: Record<string, unknown>): void {
  const all = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  all[key] = { ...body, adapter, date: new Date().toISOString(), node: process.version };
  writeFileSync(RESULTS, JSON.stringify(all, null, 2) + '\n');
}
