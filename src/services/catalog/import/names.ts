const MAX_TEXT = 300;

/**
 * Tag text as the catalog keeps it: NFC (macOS and some taggers write NFD, where "ö" is "o" and a
 * combining diaeresis), no control characters, no surrounding or repeated spaces, bounded.
 */
export function cleanText(text: string | undefined | null): string | null {
  if (text == null) return null;
  let printable = '';
  for (const char of text.normalize('NFC')) {
    const code = char.charCodeAt(0);
    printable += code < 32 || code === 127 ? ' ' : char;
  }
  const cleaned = Array.from(printable.replace(/\s+/g, ' ').trim()).slice(0, MAX_TEXT).join('').trim();
  return cleaned || null;
}

/**
 * The key under which the import finds an artist or a release: NFC, case-folded, accents kept.
 * "BJÖRK", "Björk" in NFC and "Björk" in NFD are one artist; "Bjork" is another (an accent can be
 * the whole difference between two names). Upper- then lower-casing folds what lower-casing alone
 * leaves apart ("ß" and "SS", final and medial sigma), as Unicode's full case folding does for
 * the scripts names are written in.
 */
export function identityKey(name: string): string {
  return name.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}
