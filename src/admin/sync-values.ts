// How check-sync-status shows and compares values read from the directory and from OX.

export type Obj = Record<string, unknown>;

export function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '(empty)';
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

export function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown => {
    if (v === undefined || v === null || v === '') return null;
    if (Array.isArray(v)) return v.map((x) => String(x).toLowerCase()).sort();
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return String(v);
  };
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}
