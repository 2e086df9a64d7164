/**
 * A small JSON parser that remembers the line where every object and array starts, so that a
 * bad operation deep in a history can be reported by line (JSON.parse only gives positions of
 * syntax errors). Syntax errors throw JsonSyntaxError with the line.
 */
export class JsonSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export interface JsonDocument {
  readonly value: unknown;
  /** Line (1-based) where an object or array of the document starts; 0 if unknown. */
  lineOf(node: object): number;
}

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORDS = [['true', true], ['false', false], ['null', null]] as const;

export function parseJsonText(text: string): JsonDocument {
  const reader = new JsonReader(text);
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.pos < text.length) reader.fail('end of input');
  return { value, lineOf: (node) => reader.lines.get(node) ?? 0 };
}

class JsonReader {
  pos = 0;
  line = 1;
  readonly lines = new WeakMap<object, number>();

  constructor(private readonly text: string) {}

  fail(what: string): never {
    const t = this.text;
    const found = this.pos < t.length ? JSON.stringify(t[this.pos]) : 'end of input';
    throw new JsonSyntaxError(this.line, `invalid JSON: expected ${what}, found ${found}`);
  }

  skipSpace(): void {
    const t = this.text;
    for (; this.pos < t.length; this.pos++) {
      const c = t[this.pos];
      if (c === '\n') this.line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') break;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError(this.line, 'invalid JSON: nested too deeply');
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    for (const [word, v] of WORDS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) return this.fail('a value');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const t = this.text;
    const start = this.pos;
    for (this.pos++; this.pos < t.length && t[this.pos] !== '"'; this.pos++) {
      if (t.charCodeAt(this.pos) < 0x20) this.fail('a closing quote');
      if (t[this.pos] === '\\') this.pos++;
    }
    if (this.pos >= t.length) this.fail('a closing quote');
    this.pos++;
    try {
      return JSON.parse(t.slice(start, this.pos)) as string;
    } catch {
      throw new JsonSyntaxError(this.line, 'invalid JSON: bad escape sequence in a string');
    }
  }

  private object(depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    this.lines.set(obj, this.line);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') return (this.pos++, obj);
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('a property name in double quotes');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('":"');
      this.pos++;
      // defineProperty, not assignment: a "__proto__" key must stay a plain property.
      Object.defineProperty(obj, key, {
        value: this.value(depth + 1), enumerable: true, writable: true, configurable: true,
      });
      if (this.endOf('}')) return obj;
    }
  }

  private array(depth: number): unknown[] {
    const arr: unknown[] = [];
    this.lines.set(arr, this.line);
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') return (this.pos++, arr);
    for (;;) {
      arr.push(this.value(depth + 1));
      if (this.endOf(']')) return arr;
    }
  }

  /** After a member: true at the closing bracket, false after a comma. */
  private endOf(close: string): boolean {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c !== ',' && c !== close) this.fail(`"," or "${close}"`);
    this.pos++;
    return c === close;
  }
}
