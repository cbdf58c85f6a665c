/** Plain-text tables for the terminal (and for pasting into the README as markdown). */

export type Cell = string | number;

export function renderTable(headers: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const isNumeric = headers.map((_, i) =>
    text.every((row) => /^[-+~]?[\d.,]+\s?(%|×|MB|s|ms)?$|^n\/a$|^–$/.test(row[i] ?? '')),
  );
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (isNumeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, i) => (isNumeric[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [line(headers), rule, ...text.map(line)].join('\n');
}

export function fixed(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function mib(kib: number): string {
  return kib > 0 ? `${fixed(kib / 1024, 0)} MB` : 'n/a';
}

export function seconds(ms: number): string {
  return `${fixed(ms / 1000, 2)} s`;
}

export function percent(ratio: number | undefined): string {
  return ratio === undefined || !Number.isFinite(ratio) ? 'n/a' : `${fixed(ratio * 100, 0)} %`;
}
