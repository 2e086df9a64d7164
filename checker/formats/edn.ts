/**
 * Just enough EDN to read Jepsen histories: maps, vectors, lists, sets, keywords, strings,
 * integers, floats, nil, booleans, symbols, characters, comments, `#tag form` (the tag is
 * dropped) and `#_ form` (discarded). Keywords become Keyword objects, maps become Map objects
 * keyed by the printed form of the key (":type", "\"k\"", "1"). Each form knows its line.
 */
export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

export class EdnSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'EdnSyntaxError';
  }
}

export interface EdnForm {
  readonly value: unknown;
  readonly line: number;
}

export interface EdnDocument {
  readonly forms: EdnForm[];
  /** The line where a map of the document starts (0 if unknown). */
  lineOf(map: object): number;
}

const DELIMITERS = new Set([...'()[]{}";', ',', ' ', '\t', '\r', '\n']);
const INTEGER = /^[-+]?\d+N?$/;
const FLOAT = /^[-+]?\d+(\.\d*)?([eE][-+]?\d+)?M?$/;

/** All top-level forms of `text`, in order. */
export function readEdn(text: string): EdnDocument {
  const r = new EdnReader(text);
  const forms: EdnForm[] = [];
  for (;;) {
    r.skipSpace();
    if (r.atEnd()) return { forms, lineOf: (map) => r.lines.get(map) ?? 0 };
    const line = r.line;
    const value = r.form(0);
    if (value !== DISCARD) forms.push({ value, line });
  }
}

const DISCARD = Symbol('discard');

class EdnReader {
  pos = 0;
  line = 1;
  readonly lines = new WeakMap<object, number>();

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string): never {
    throw new EdnSyntaxError(this.line, `invalid EDN: ${message}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos]!;
      if (c === ';') {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (c === '\n') {
        this.line++;
        this.pos++;
      } else if (c === ' ' || c === ',' || c === '\t' || c === '\r') this.pos++;
      else return;
    }
  }

  form(depth: number): unknown {
    if (depth > 256) this.fail('nested too deeply');
    this.skipSpace();
    if (this.atEnd()) this.fail('unexpected end of input');
    const c = this.text[this.pos]!;
    if (c === '(' || c === '[') return this.sequence(c === '(' ? ')' : ']', depth);
    if (c === '{') return this.map(depth);
    if (c === '"') return this.string();
    if (c === '#') return this.dispatch(depth);
    if (c === '\\') return this.character();
    if (c === ')' || c === ']' || c === '}') this.fail(`unexpected ${JSON.stringify(c)}`);
    return this.atom(this.token());
  }

  private dispatch(depth: number): unknown {
    const next = this.text[this.pos + 1];
    if (next === '{') {
      this.pos++;
      return this.sequence('}', depth);
    }
    if (next === '_') {
      this.pos += 2;
      this.form(depth + 1);
      return DISCARD;
    }
    this.pos++;
    this.token(); // a tag such as #jepsen.history.Op: the tagged form follows
    return this.form(depth + 1);
  }

  private sequence(close: string, depth: number): unknown[] {
    const open = this.line;
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.atEnd()) {
        throw new EdnSyntaxError(open, `invalid EDN: no ${JSON.stringify(close)} closes the form`
          + ' that starts on this line');
      }
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      const v = this.form(depth + 1);
      if (v !== DISCARD) items.push(v);
    }
  }

  private map(depth: number): Map<string, unknown> {
    const line = this.line;
    const items = this.sequence('}', depth);
    if (items.length % 2 !== 0) this.fail('a map needs an even number of forms');
    const map = new Map<string, unknown>();
    for (let i = 0; i < items.length; i += 2) map.set(keyText(items[i]), items[i + 1]);
    this.lines.set(map, line);
    return map;
  }

  private string(): string {
    const t = this.text;
    let out = '';
    for (this.pos++; this.pos < t.length && t[this.pos] !== '"'; this.pos++) {
      let c = t[this.pos]!;
      if (c === '\n') this.line++;
      if (c === '\\') {
        const e = t[++this.pos];
        c = e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e ?? '';
      }
      out += c;
    }
    if (this.atEnd()) this.fail('unterminated string');
    this.pos++;
    return out;
  }

  private character(): string {
    this.pos++;
    const tok = this.token();
    return tok === 'newline' ? '\n' : tok === 'space' ? ' ' : tok === 'tab' ? '\t' : tok;
  }

  private token(): string {
    const start = this.pos;
    while (this.pos < this.text.length && !DELIMITERS.has(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail(`unexpected ${JSON.stringify(this.text[this.pos])}`);
    return this.text.slice(start, this.pos);
  }

  private atom(tok: string): unknown {
    if (tok === 'nil') return null;
    if (tok === 'true' || tok === 'false') return tok === 'true';
    if (tok.startsWith(':')) return new Keyword(tok.slice(1));
    if (INTEGER.test(tok)) {
      const n = Number(tok.replace(/N$/, ''));
      if (!Number.isSafeInteger(n)) this.fail(`integer ${tok} is too large`);
      return n;
    }
    if (FLOAT.test(tok)) return Number(tok.replace(/M$/, ''));
    return { symbol: tok };
  }
}

function keyText(k: unknown): string {
  if (k instanceof Keyword) return k.toString();
  return typeof k === 'string' ? JSON.stringify(k) : String(k);
}
