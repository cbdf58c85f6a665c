/**
 * ASCII folding for user names and mail local parts, the way administrators (and UCS import
 * scripts) derive `jürgen.groß` → `juergen.gross`: German umlauts and ß are spelled out, other
 * accents dropped, everything that is not a letter, digit, dot or hyphen removed.
 */
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

export function foldToAscii(text: string): string {
  return text
    .replace(/[äöüÄÖÜß]/g, (ch) => GERMAN[ch])
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** `"Meyer-Lüdecke"` → `"meyer-luedecke"`, `"O'Brien"` → `"obrien"`, `"de Vries"` → `"devries"`. */
export function localPart(text: string): string {
  return foldToAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '');
}
