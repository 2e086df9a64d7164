/** Quotes a word for a POSIX shell only when it needs it (`'*3A'`, `'it'\''s'`). */
export function shellQuote(word: string): string {
  if (/^[\w./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
