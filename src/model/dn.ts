// DN normalisation (docs/reference/original-connector.md, "Common rules"): lower-case, RDNs re-serialised without
// blanks after separators, values decoded and escaped again as python-ldap's str2dn/dn2str do (so "\2C" and "\," are
// the same), multi-valued RDN parts joined with "+" (sorted, so their order does not matter).
// Used as the key of the DN index, so "UID=Foo, CN=Users,DC=Example" finds "uid=foo,cn=users,dc=example".

/** Splits on unescaped separators (backslash escapes and quoted strings respected). */
function splitUnescaped(text: string, separators: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    if (!inQuotes && separators.includes(ch)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

/**
 * One attribute value in canonical form: quotes and escapes decoded (hex pairs as UTF-8 bytes, "\c" as c),
 * unescaped blanks at both ends dropped, lower-cased, then escaped again the way python-ldap's dn2str does.
 * So "a\2Cb", "a\,b" and "\"a,b\"" are one value, as they are for LDAP.
 */
function normaliseValue(raw: string): string {
  let text = raw.replace(/^\s+/, '');
  const quoted = text.replace(/\s+$/, '');
  if (quoted.length >= 2 && quoted.startsWith('"') && quoted.endsWith('"')) text = quoted.slice(1, -1);
  const bytes: { byte: number; escaped: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      const hex = /^[0-9a-fA-F]{2}/.exec(text.slice(i + 1, i + 3));
      const decoded = hex ? [parseInt(hex[0], 16)] : [...Buffer.from(text[i + 1], 'utf8')];
      i += hex ? 2 : 1;
      for (const byte of decoded) bytes.push({ byte, escaped: true });
      continue;
    }
    for (const byte of Buffer.from(ch, 'utf8')) bytes.push({ byte, escaped: false });
  }
  // Unescaped blanks around the value are not part of it (RFC 4514); escaped ones are.
  const blank = (b: { byte: number; escaped: boolean } | undefined) => b !== undefined && b.byte === 0x20 && !b.escaped;
  while (blank(bytes[0])) bytes.shift();
  while (blank(bytes[bytes.length - 1])) bytes.pop();
  const value = Buffer.from(bytes.map((b) => b.byte))
    .toString('utf8')
    .toLowerCase();
  return escapeValue(value);
}

/** python-ldap escape_dn_chars: backslash , + " < > ; = and NUL; a leading "#" or blank; a trailing blank. */
function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=\0]/g, (c) => `\\${c}`);
  if (out.endsWith(' ')) out = `${out.slice(0, -1)}\\ `;
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  return out;
}

/**
 * DNs of plain RDNs (attribute=value, values of letters, digits, single inner blanks and . _ @ -) are their own
 * normal form once lower-cased; almost every DN is one, so this skips the general path below (decision 0163).
 */
const PLAIN_DN =
  /^[A-Za-z][A-Za-z0-9-]*=[A-Za-z0-9._@-]+(?: [A-Za-z0-9._@-]+)*(?:,[A-Za-z][A-Za-z0-9-]*=[A-Za-z0-9._@-]+(?: [A-Za-z0-9._@-]+)*)*$/;

export function normalizeDn(dn: string | null | undefined): string | undefined {
  if (dn === null || dn === undefined) return undefined;
  if (PLAIN_DN.test(dn)) return dn.toLowerCase();
  // Trailing blanks go, except an escaped one ("cn=a\ ").
  const trimmed = dn.replace(/^\s+/, '').replace(/(?<!\\)\s+$/, '');
  if (trimmed === '') return undefined;
  const rdns = splitUnescaped(trimmed.toLowerCase(), ',;').map((rdn) =>
    splitUnescaped(rdn, '+')
      .map((ava) => {
        const eq = ava.indexOf('=');
        if (eq < 0) return ava.trim();
        return `${ava.slice(0, eq).trim()}=${normaliseValue(ava.slice(eq + 1))}`;
      })
      .sort()
      .join('+'),
  );
  return rdns.filter((rdn) => rdn !== '').join(',');
}
