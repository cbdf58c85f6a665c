// DN comparison key: member DNs in uniqueMember are compared with entry DNs, and writers differ in case and
// spacing ("uid=Alice, cn=Users" vs "uid=alice,cn=users"). Escapes are kept; only case and blanks around
// separators are folded (decision 0043).
export function normalizeDn(dn: string): string {
  const rdns: string[] = [];
  let current = '';
  for (let i = 0; i < dn.length; i++) {
    const char = dn[i];
    if (char === '\\' && i + 1 < dn.length) {
      current += char + dn[i + 1];
      i++;
    } else if (char === ',') {
      rdns.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  rdns.push(current);
  return rdns
    .map((rdn) =>
      rdn
        .split('+')
        .map((ava) => {
          const eq = ava.indexOf('=');
          if (eq < 0) return ava.trim().toLowerCase();
          return `${ava.slice(0, eq).trim().toLowerCase()}=${ava
            .slice(eq + 1)
            .trim()
            .toLowerCase()}`;
        })
        .sort()
        .join('+'),
    )
    .join(',');
}
