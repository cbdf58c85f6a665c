// Reading decoded SOAP values. The wire layer hands us plain objects keyed by element local name; an absent
// element is an absent property and xsi:nil is null. OX cannot tell the two apart
// (docs/reference/ox-soap-contract.md), so "given" below means: present and not null.

export type Obj = Record<string, unknown>;

export function isGiven<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

/** The object a member holds, typed as the schema's object where the member is typed, else as a loose Obj. */
export type ObjectOf<T> = unknown extends T ? Obj : Extract<NonNullable<T>, object>;

export function asObject<T>(value: T): ObjectOf<T> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ObjectOf<T>) : undefined;
}

/** A repeated element: absent → undefined, one value → [value] (tolerated), array → array. */
export function asList(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : [value];
}

export function asObjectList(value: unknown): Obj[] {
  return (asList(value) ?? []).map((item) => asObject(item) ?? {});
}

// The readers below take the member's name as a key of the object's type: on a schema-typed request (OxArgs) a
// misspelt member does not compile; on a loosely read Obj any name goes.

export function str<T extends object>(obj: T | undefined, key: keyof T & string): string | undefined {
  const value: unknown = obj?.[key];
  if (!isGiven(value)) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function int<T extends object>(obj: T | undefined, key: keyof T & string): number | undefined {
  const value: unknown = obj?.[key];
  if (!isGiven(value)) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

export function bool<T extends object>(obj: T | undefined, key: keyof T & string): boolean | undefined {
  const value: unknown = obj?.[key];
  if (!isGiven(value)) return undefined;
  if (typeof value === 'boolean') return value;
  return value === 'true' || value === '1';
}

/** An id as OX reads it: absent, nil and 0 all mean "no id, resolve by name". */
export function idOf(obj: Obj | undefined): number | undefined {
  const id = int(obj, 'id');
  return id === undefined || id === 0 ? undefined : id;
}

/** A non-empty string (OX treats "" like "not set" for names used as keys). */
export function nonEmpty<T extends object>(obj: T | undefined, key: keyof T & string): string | undefined {
  const value = str(obj, key);
  return value === undefined || value === '' ? undefined : value;
}

/**
 * SQL LIKE as OX uses it for list operations: the client's `*` is turned into `%`; `%` matches any run of
 * characters, `_` any single character, a backslash escapes the next character.
 */
export function likeMatcher(pattern: string | undefined, caseInsensitive: boolean): (value: string) => boolean {
  const p = pattern === undefined || pattern === '' ? '*' : pattern;
  if (p === '*' || p === '%') return () => true;
  let source = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      i += 1;
      source += escapeRegExp(p[i]);
    } else if (c === '*' || c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegExp(c);
  }
  const re = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
  return (value) => re.test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function lc(s: string): string {
  return s.toLowerCase();
}
