// DN normalisation (newer-versions §2.1): lower-case, RDNs re-serialised without blanks after separators,
// RFC 4514 escaping kept, multi-valued RDN parts joined with "+" (sorted, so their order does not matter).
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

function normaliseValue(raw: string): string {
  let value = raw.trim();
  // A quoted value ("a, b") is the same value as its escaped form (a\, b).
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    value = value.slice(1, -1).replace(/([,+"\\<>;=])/g, '\\$1');
  }
  // Keep escapes but drop escaped trailing blanks' ambiguity: "\ " at the end stays as written.
  return value;
}

export function normalizeDn(dn: string | null | undefined): string | undefined {
  if (dn === null || dn === undefined) return undefined;
  const trimmed = dn.trim();
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
