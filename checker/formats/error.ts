/** Malformed input: which file, which line (1-based; 0 when the whole file is at fault), why. */
export class HistoryFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${reason}` : `${file}: ${reason}`);
    this.name = 'HistoryFormatError';
  }
}
