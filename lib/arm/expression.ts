/**
 * A small, safe evaluator for Azure Resource Manager template expressions (`"[format('{0}/{1}',
 * parameters('instanceName'), 'default')]"`). It never calls `eval`: expressions are parsed into a
 * tree and evaluated by the functions below, which cover what AIO templates use for names and
 * properties. Everything that depends on the deployment (`reference()`, `resourceGroup()`,
 * `uniqueString()`, a parameter without a value, an unknown function) evaluates to an
 * `ArmUnresolved` that keeps the expression text, so a reader can report the value as unknown
 * instead of guessing.
 *
 * Strings built by `format()`, `concat()` or `resourceId()` from partly unknown values stay an
 * `ArmPartialString`, so that the known segments of a name (`<unknown instance>/default/external`)
 * are still usable.
 */
import { isJsonObject, type JsonValue } from '../model/resource';

/** A value that only exists at deployment time. `text` is the expression, without brackets. */
export class ArmUnresolved {
  constructor(public readonly text: string) {}
}

/** A string of which some parts are known and others are not. */
export class ArmPartialString {
  constructor(
    /** Known text and unresolved parts, in order; never two strings in a row. */
    public readonly parts: readonly (string | ArmUnresolved)[],
    /** The expression that built it, without brackets. */
    public readonly text: string,
  ) {}
}

/** An evaluated value: JSON, possibly with unresolved parts inside. */
export type ArmValue =
  | null
  | boolean
  | number
  | string
  | ArmUnresolved
  | ArmPartialString
  | readonly ArmValue[]
  | { readonly [key: string]: ArmValue };

/** An evaluated object. */
export type ArmObject = { readonly [key: string]: ArmValue };

/** What expressions see: parameter and variable values and the current copy loop indexes. */
export interface ArmScope {
  /** The parameter's value (case-insensitive name), or `ArmUnresolved` when it has none. */
  parameter(name: string): ArmValue;
  /** The variable's value (case-insensitive name), or `ArmUnresolved` when it cannot be known. */
  variable(name: string): ArmValue;
  /** The index of the named (or the innermost) copy loop, if inside one. */
  copyIndex(loop?: string): number | undefined;
  /** Shared evaluation budget; see `ARM_EXPRESSION_LIMITS.maxSteps`. */
  readonly budget: { steps: number };
}

/** Limits that keep hostile templates from exhausting memory or time. */
export const ARM_EXPRESSION_LIMITS = {
  /** Longest expression evaluated; ARM's own limit. Longer ones are unresolved. */
  maxExpressionLength: 24576,
  /** Deepest nesting of calls and accessors in one expression. */
  maxDepth: 64,
  /** Function calls and accessors evaluated per template, in total. */
  maxSteps: 2_000_000,
  /** Longest string or array an expression may build; longer results are unresolved. */
  maxValueLength: 1_000_000,
} as const;

/** Thrown when a template exceeds `ARM_EXPRESSION_LIMITS.maxSteps`. */
export class ArmLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArmLimitError';
  }
}

/** True for a string ARM evaluates: it starts with `[` and ends with `]`, and does not start with `[[`. */
export function isArmExpression(s: string): boolean {
  return s.length >= 2 && s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

/**
 * A literal string as it must be written in a template so that ARM does not evaluate it: a
 * string that starts with `[` and ends with `]` gets a second `[`.
 */
export function escapeArmString(s: string): string {
  return s.startsWith('[') && s.endsWith(']') ? `[${s}` : s;
}

/** Quotes a string for use inside an expression: `'it''s'`. */
export function armStringLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** True for a value that is known completely (no unresolved part anywhere inside). */
export function isResolved(v: ArmValue): v is JsonValue {
  if (v instanceof ArmUnresolved || v instanceof ArmPartialString) return false;
  if (Array.isArray(v)) return v.every(isResolved);
  if (isArmObject(v)) return Object.values(v).every(isResolved);
  return true;
}

/** True for an evaluated object (not an array, not an unresolved value). */
export function isArmObject(v: unknown): v is ArmObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof ArmUnresolved) && !(v instanceof ArmPartialString);
}

/**
 * Evaluates one template string: a literal (with `[[` unescaped) or an expression. Expressions
 * that cannot be parsed or are too long are unresolved.
 */
export function evaluateArmString(s: string, scope: ArmScope): ArmValue {
  if (!isArmExpression(s)) return s.startsWith('[[') && s.endsWith(']') ? s.slice(1) : s;
  const source = s.slice(1, -1);
  if (source.length > ARM_EXPRESSION_LIMITS.maxExpressionLength) return new ArmUnresolved(source);
  let ast = PARSED.get(source);
  if (ast === undefined) {
    try {
      ast = parseArmExpression(source);
    } catch {
      ast = null;
    }
    // Templates repeat expressions (copy loops, shared variables); parse each once, keeping the
    // cache to a bounded number of characters.
    if (parsedChars + source.length > 4_000_000) {
      PARSED.clear();
      parsedChars = 0;
    }
    PARSED.set(source, ast);
    parsedChars += source.length;
  }
  return ast === null ? new ArmUnresolved(source) : evaluate(ast, { source, scope });
}

/** Parsed expressions by source text; `null` for text that does not parse. */
const PARSED = new Map<string, Node | null>();
let parsedChars = 0;

/**
 * Evaluates every string of a JSON tree (a template's property values, a variable, a default
 * value). A string expression that does not resolve becomes unresolved with the text of that
 * string, so the caller can put the original string back. Keys named `__proto__` are dropped.
 */
export function evaluateArmTree(value: unknown, scope: ArmScope, depth = 0): ArmValue {
  if (depth > 256) throw new ArmLimitError('a value is nested more than 256 levels deep');
  if (typeof value === 'string') {
    const v = evaluateArmString(value, scope);
    if (v instanceof ArmUnresolved) return new ArmUnresolved(value.slice(1, -1));
    if (v instanceof ArmPartialString) return new ArmPartialString(v.parts, value.slice(1, -1));
    return v;
  }
  if (Array.isArray(value)) return value.map((x) => evaluateArmTree(x, scope, depth + 1));
  if (isJsonObject(value)) {
    const out: Record<string, ArmValue> = {};
    for (const [k, x] of Object.entries(value)) if (k !== '__proto__') setOwn(out, k, evaluateArmTree(x, scope, depth + 1));
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return new ArmUnresolved(String(value));
}

/**
 * Turns an evaluated value into JSON. Unresolved parts become their original `[expression]`
 * string and their JSON pointer (below `pointer`) is added to `unresolved`.
 */
export function materializeArmValue(v: ArmValue, pointer: string, unresolved: string[]): JsonValue {
  if (v instanceof ArmUnresolved || v instanceof ArmPartialString) {
    unresolved.push(pointer);
    return `[${v.text}]`;
  }
  if (Array.isArray(v)) return v.map((x, i) => materializeArmValue(x, `${pointer}/${i}`, unresolved));
  if (isArmObject(v)) {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, materializeArmValue(x, `${pointer}/${escapePointer(k)}`, unresolved));
    return out;
  }
  return v as JsonValue;
}

/** Escapes one JSON pointer segment. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Sets an own property without ever invoking a setter (so `__proto__` cannot pollute). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An own property of an object, never one inherited from `Object.prototype`. */
export function getOwn<T>(o: { readonly [key: string]: T }, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** One segment of a `/`-separated name that may be partly unknown. */
export interface NameSegment {
  /** The segment, with unresolved parts shown as `[expression]`. */
  readonly text: string;
  /** False when an unresolved part falls inside the segment. */
  readonly resolved: boolean;
}

/**
 * The segments of a `/`-separated name that may be partly unknown, or `undefined` when the value
 * is not a string at all. An unresolved part is assumed not to contain `/`; a name that is
 * unresolved as a whole is one unresolved segment.
 */
export function nameSegments(v: ArmValue): NameSegment[] | undefined {
  if (typeof v === 'string') return v.split('/').map((text) => ({ text, resolved: true }));
  if (v instanceof ArmUnresolved) return [{ text: `[${v.text}]`, resolved: false }];
  if (!(v instanceof ArmPartialString)) return undefined;
  const segments: { text: string; resolved: boolean }[] = [{ text: '', resolved: true }];
  for (const part of v.parts) {
    const last = segments[segments.length - 1];
    if (part instanceof ArmUnresolved) {
      last.text += `[${part.text}]`;
      last.resolved = false;
      continue;
    }
    part.split('/').forEach((piece, i) => {
      if (i > 0) segments.push({ text: '', resolved: true });
      segments[segments.length - 1].text += piece;
    });
  }
  return segments;
}

/**
 * A stable text for a string that may be partly unknown: unresolved parts as `[expression]`.
 * Two values built by the same expressions from the same unknowns have the same text.
 */
export function canonicalText(v: ArmValue): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof ArmPartialString) return v.parts.map((p) => (typeof p === 'string' ? p : `[${p.text}]`)).join('');
  if (v instanceof ArmUnresolved) return `[${v.text}]`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parser

/** A parsed expression. `start`/`end` index its text in the source. */
export type Node =
  | { readonly type: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly type: 'number'; readonly value: number; readonly start: number; readonly end: number }
  | { readonly type: 'identifier'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Node[]; readonly start: number; readonly end: number }
  | { readonly type: 'property'; readonly object: Node; readonly name: string; readonly start: number; readonly end: number }
  | { readonly type: 'index'; readonly object: Node; readonly index: Node; readonly start: number; readonly end: number };

/** Parses an expression (the text between the brackets). Throws a `SyntaxError` naming the position. */
export function parseArmExpression(source: string): Node {
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${pos} of "${source.length > 60 ? `${source.slice(0, 57)}...` : source}"`);
  };
  const skip = () => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };
  const identifier = (): string => {
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(pos, pos + 256));
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const expect = (c: string) => {
    skip();
    if (source[pos] !== c) fail(`expected "${c}"`);
    pos++;
  };

  const expression = (depth: number): Node => {
    if (depth > ARM_EXPRESSION_LIMITS.maxDepth) fail(`nested more than ${ARM_EXPRESSION_LIMITS.maxDepth} levels deep`);
    skip();
    const start = pos;
    let node: Node;
    const c = source[pos];
    if (c === "'") {
      pos++;
      let value = '';
      for (;;) {
        if (pos >= source.length) fail('unterminated string');
        if (source[pos] === "'") {
          if (source[pos + 1] === "'") {
            value += "'";
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        value += source[pos++];
      }
      node = { type: 'string', value, start, end: pos };
    } else if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(pos, pos + 64));
      if (!m) return fail('expected a number');
      pos += m[0].length;
      node = { type: 'number', value: Number(m[0]), start, end: pos };
    } else {
      let name = identifier();
      skip();
      // A user-defined function is called as `namespace.member(...)`.
      const save = pos;
      if (source[pos] === '.') {
        pos++;
        skip();
        const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(source.slice(pos, pos + 256));
        if (m) {
          const after = pos + m[0].length;
          let p = after;
          while (p < source.length && /\s/.test(source[p])) p++;
          if (source[p] === '(') {
            name = `${name}.${m[0]}`;
            pos = after;
          } else {
            pos = save;
          }
        } else {
          pos = save;
        }
      }
      skip();
      if (source[pos] === '(') {
        pos++;
        const args: Node[] = [];
        skip();
        if (source[pos] === ')') {
          pos++;
        } else {
          for (;;) {
            args.push(expression(depth + 1));
            skip();
            if (source[pos] === ',') {
              pos++;
              continue;
            }
            expect(')');
            break;
          }
        }
        node = { type: 'call', name, args, start, end: pos };
      } else {
        node = { type: 'identifier', name, start, end: pos };
      }
    }
    // Accessors: `.name` and `[index]`.
    for (;;) {
      skip();
      if (source[pos] === '.') {
        pos++;
        skip();
        const name = identifier();
        node = { type: 'property', object: node, name, start, end: pos };
      } else if (source[pos] === '[') {
        pos++;
        const index = expression(depth + 1);
        expect(']');
        node = { type: 'index', object: node, index, start, end: pos };
      } else {
        break;
      }
      if (++depth > ARM_EXPRESSION_LIMITS.maxDepth) fail(`nested more than ${ARM_EXPRESSION_LIMITS.maxDepth} levels deep`);
    }
    return node;
  };

  const root = expression(0);
  skip();
  if (pos !== source.length) fail('unexpected text');
  return root;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

interface Context {
  readonly source: string;
  readonly scope: ArmScope;
}

type Fn = (node: Extract<Node, { type: 'call' }>, ctx: Context) => ArmValue;

function textOf(node: Node, ctx: Context): string {
  return ctx.source.slice(node.start, node.end);
}

function evaluate(node: Node, ctx: Context): ArmValue {
  if (++ctx.scope.budget.steps > ARM_EXPRESSION_LIMITS.maxSteps) {
    throw new ArmLimitError(`evaluating the template's expressions took more than ${ARM_EXPRESSION_LIMITS.maxSteps} steps`);
  }
  switch (node.type) {
    case 'string':
    case 'number':
      return node.value;
    case 'identifier': {
      const n = node.name.toLowerCase();
      if (n === 'true') return true;
      if (n === 'false') return false;
      if (n === 'null') return null;
      return new ArmUnresolved(textOf(node, ctx));
    }
    case 'property':
    case 'index': {
      const object = evaluate(node.object, ctx);
      const key = node.type === 'property' ? node.name : evaluate(node.index, ctx);
      const got = access(object, key);
      return got === undefined ? new ArmUnresolved(textOf(node, ctx)) : got;
    }
    case 'call': {
      const fn = FUNCTIONS[node.name.toLowerCase()];
      if (!fn || !Object.prototype.hasOwnProperty.call(FUNCTIONS, node.name.toLowerCase())) return new ArmUnresolved(textOf(node, ctx));
      const v = fn(node, ctx);
      return tooLarge(v) ? new ArmUnresolved(textOf(node, ctx)) : v;
    }
  }
}

/** Property or index access; `undefined` when it cannot be known or ARM would fail. */
function access(object: ArmValue, key: ArmValue): ArmValue | undefined {
  if (Array.isArray(object)) {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < object.length ? object[key] : undefined;
  }
  if (isArmObject(object) && typeof key === 'string') {
    const exact = getOwn(object, key);
    if (exact !== undefined) return exact;
    // ARM object properties are case-insensitive.
    const lower = key.toLowerCase();
    const found = Object.keys(object).find((k) => k.toLowerCase() === lower);
    return found === undefined ? undefined : object[found];
  }
  return undefined;
}

function tooLarge(v: ArmValue): boolean {
  if (typeof v === 'string' || Array.isArray(v)) return v.length > ARM_EXPRESSION_LIMITS.maxValueLength;
  if (v instanceof ArmPartialString) return v.parts.reduce((n, p) => n + (typeof p === 'string' ? p.length : 0), 0) > ARM_EXPRESSION_LIMITS.maxValueLength;
  return false;
}

function unknown(node: Node, ctx: Context): ArmUnresolved {
  return new ArmUnresolved(textOf(node, ctx));
}

function isUnknown(v: ArmValue): v is ArmUnresolved | ArmPartialString {
  return v instanceof ArmUnresolved || v instanceof ArmPartialString;
}

/** Builds a string from known and unknown pieces: a plain string when everything is known. */
export function joinParts(pieces: readonly (string | ArmUnresolved | ArmPartialString)[], text: string): string | ArmPartialString {
  const parts: (string | ArmUnresolved)[] = [];
  const push = (p: string | ArmUnresolved) => {
    if (typeof p === 'string') {
      if (p === '') return;
      if (typeof parts[parts.length - 1] === 'string') parts[parts.length - 1] += p;
      else parts.push(p);
    } else {
      parts.push(p);
    }
  };
  for (const piece of pieces) {
    if (piece instanceof ArmPartialString) piece.parts.forEach(push);
    else push(piece);
  }
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  return new ArmPartialString(parts, text);
}

/** How `format()` and `concat()` turn a scalar into text (.NET style booleans). */
function scalarText(v: ArmValue): string | ArmUnresolved | ArmPartialString | undefined {
  if (typeof v === 'string' || v instanceof ArmUnresolved || v instanceof ArmPartialString) return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return '';
  return undefined;
}

function deepEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

function args(node: Extract<Node, { type: 'call' }>, ctx: Context): ArmValue[] {
  return node.args.map((a) => evaluate(a, ctx));
}

/** Deep merge of objects (later wins; nested objects merge), as `union()` does for objects. */
function mergeObjects(a: ArmObject, b: ArmObject): ArmObject {
  const out: Record<string, ArmValue> = {};
  for (const [k, v] of Object.entries(a)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(b)) {
    const prev = getOwn(out, k);
    setOwn(out, k, isArmObject(prev) && isArmObject(v) ? mergeObjects(prev, v) : v);
  }
  return out;
}

const FUNCTIONS: Readonly<Record<string, Fn>> = Object.assign(Object.create(null) as Record<string, Fn>, {
  parameters(node, ctx) {
    const [name] = args(node, ctx);
    return typeof name === 'string' && node.args.length === 1 ? ctx.scope.parameter(name) : unknown(node, ctx);
  },
  variables(node, ctx) {
    const [name] = args(node, ctx);
    return typeof name === 'string' && node.args.length === 1 ? ctx.scope.variable(name) : unknown(node, ctx);
  },
  copyindex(node, ctx) {
    const a = args(node, ctx);
    let loop: string | undefined;
    let offset = 0;
    if (typeof a[0] === 'string') {
      loop = a[0];
      if (a.length > 1) offset = a[1] as number;
    } else if (a.length > 0) {
      offset = a[0] as number;
    }
    const i = ctx.scope.copyIndex(loop);
    return i === undefined || typeof offset !== 'number' || a.length > 2 ? unknown(node, ctx) : i + offset;
  },
  true: () => true,
  false: () => false,
  null: () => null,
  format(node, ctx) {
    const a = args(node, ctx);
    const fmt = a[0];
    if (typeof fmt !== 'string') return unknown(node, ctx);
    const pieces: (string | ArmUnresolved | ArmPartialString)[] = [];
    let literal = '';
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i];
      if ((c === '{' || c === '}') && fmt[i + 1] === c) {
        literal += c;
        i++;
        continue;
      }
      if (c === '}') return unknown(node, ctx);
      if (c !== '{') {
        literal += c;
        continue;
      }
      const close = fmt.indexOf('}', i);
      const m = close < 0 ? null : /^\s*(\d+)\s*$/.exec(fmt.slice(i + 1, close));
      // Alignment and format strings (`{0,5}`, `{0:N2}`) are .NET formatting: not evaluated.
      if (!m) return unknown(node, ctx);
      const n = Number(m[1]) + 1;
      if (n >= a.length) return unknown(node, ctx);
      const text = scalarText(a[n]);
      if (text === undefined) return unknown(node, ctx);
      pieces.push(literal, text);
      literal = '';
      i = close;
    }
    pieces.push(literal);
    return joinParts(pieces, textOf(node, ctx));
  },
  concat(node, ctx) {
    const a = args(node, ctx);
    if (a.length === 0) return unknown(node, ctx);
    if (a.some(Array.isArray)) {
      if (!a.every((x) => Array.isArray(x) || x === null)) return unknown(node, ctx);
      return a.flatMap((x) => (x === null ? [] : (x as ArmValue[])));
    }
    const pieces = a.map(scalarText);
    if (pieces.some((p) => p === undefined)) return unknown(node, ctx);
    return joinParts(pieces as (string | ArmUnresolved | ArmPartialString)[], textOf(node, ctx));
  },
  string(node, ctx) {
    const [v] = args(node, ctx);
    if (v instanceof ArmPartialString || typeof v === 'string') return v;
    if (isUnknown(v) || !isResolved(v)) return unknown(node, ctx);
    const t = scalarText(v);
    return t !== undefined ? t : JSON.stringify(v);
  },
  int(node, ctx) {
    const [v] = args(node, ctx);
    if (typeof v === 'number') return Math.trunc(v);
    if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
    return unknown(node, ctx);
  },
  bool(node, ctx) {
    const [v] = args(node, ctx);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    if (v === 0 || v === 1) return v === 1;
    return unknown(node, ctx);
  },
  tolower(node, ctx) {
    const [v] = args(node, ctx);
    return typeof v === 'string' ? v.toLowerCase() : unknown(node, ctx);
  },
  toupper(node, ctx) {
    const [v] = args(node, ctx);
    return typeof v === 'string' ? v.toUpperCase() : unknown(node, ctx);
  },
  length(node, ctx) {
    const [v] = args(node, ctx);
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (isArmObject(v)) return Object.keys(v).length;
    return unknown(node, ctx);
  },
  empty(node, ctx) {
    const [v] = args(node, ctx);
    if (v === null) return true;
    if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
    if (isArmObject(v)) return Object.keys(v).length === 0;
    if (v instanceof ArmPartialString && v.parts.some((p) => typeof p === 'string')) return false;
    return unknown(node, ctx);
  },
  if(node, ctx) {
    if (node.args.length !== 3) return unknown(node, ctx);
    const c = evaluate(node.args[0], ctx);
    if (typeof c === 'boolean') return evaluate(node.args[c ? 1 : 2], ctx);
    // An unknown condition still has one answer if both branches agree.
    const a = evaluate(node.args[1], ctx);
    const b = evaluate(node.args[2], ctx);
    return isResolved(a) && isResolved(b) && deepEqual(a, b) ? a : unknown(node, ctx);
  },
  equals(node, ctx) {
    const a = args(node, ctx);
    if (a.length !== 2 || !isResolved(a[0]) || !isResolved(a[1])) return unknown(node, ctx);
    return deepEqual(a[0], a[1]);
  },
  not(node, ctx) {
    const [v] = args(node, ctx);
    return typeof v === 'boolean' ? !v : unknown(node, ctx);
  },
  and(node, ctx) {
    let undecided = false;
    for (const a of node.args) {
      const v = evaluate(a, ctx);
      if (v === false) return false;
      if (v !== true) undecided = true;
    }
    return undecided || node.args.length < 2 ? unknown(node, ctx) : true;
  },
  or(node, ctx) {
    let undecided = false;
    for (const a of node.args) {
      const v = evaluate(a, ctx);
      if (v === true) return true;
      if (v !== false) undecided = true;
    }
    return undecided || node.args.length < 2 ? unknown(node, ctx) : false;
  },
  coalesce(node, ctx) {
    for (const a of node.args) {
      const v = evaluate(a, ctx);
      if (v instanceof ArmUnresolved) return unknown(node, ctx);
      if (v !== null) return v;
    }
    return null;
  },
  tryget(node, ctx) {
    const a = args(node, ctx);
    if (a.length < 2) return unknown(node, ctx);
    let v = a[0];
    for (const key of a.slice(1)) {
      if (v === null) return null;
      if (isUnknown(v) || isUnknown(key)) return unknown(node, ctx);
      if (!Array.isArray(v) && !isArmObject(v)) return unknown(node, ctx);
      const got = access(v, key);
      if (got === undefined) return null;
      v = got;
    }
    return v;
  },
  contains(node, ctx) {
    const [container, item] = args(node, ctx);
    if (!isResolved(item)) return unknown(node, ctx);
    if (typeof container === 'string' && typeof item === 'string') return container.includes(item);
    if (Array.isArray(container) && isResolved(container)) return container.some((x) => deepEqual(x as JsonValue, item));
    if (isArmObject(container) && typeof item === 'string') return Object.keys(container).some((k) => k.toLowerCase() === item.toLowerCase());
    return unknown(node, ctx);
  },
  union(node, ctx) {
    const a = args(node, ctx).filter((x) => x !== null);
    if (a.length === 0) return unknown(node, ctx);
    if (a.every(isArmObject)) return (a as ArmObject[]).reduce(mergeObjects);
    if (a.every((x) => Array.isArray(x) && isResolved(x))) {
      const out: JsonValue[] = [];
      for (const x of (a as JsonValue[][]).flat()) if (!out.some((y) => deepEqual(y, x))) out.push(x);
      return out;
    }
    return unknown(node, ctx);
  },
  createobject(node, ctx) {
    const a = args(node, ctx);
    if (a.length % 2 !== 0) return unknown(node, ctx);
    const out: Record<string, ArmValue> = {};
    for (let i = 0; i < a.length; i += 2) {
      const k = a[i];
      if (typeof k !== 'string') return unknown(node, ctx);
      if (k !== '__proto__') setOwn(out, k, a[i + 1]);
    }
    return out;
  },
  createarray(node, ctx) {
    return args(node, ctx);
  },
  resourceid(node, ctx) {
    const a = args(node, ctx);
    const t = a.findIndex((x) => typeof x === 'string' && x.includes('/'));
    if (t < 0 || t > 2) return unknown(node, ctx);
    const type = a[t] as string;
    const typeSegments = type.split('/');
    const names = a.slice(t + 1);
    if (typeSegments.length < 2 || names.length !== typeSegments.length - 1) return unknown(node, ctx);
    const sub = t === 2 ? a[0] : new ArmUnresolved('subscription().subscriptionId');
    const rg = t >= 1 ? a[t - 1] : new ArmUnresolved('resourceGroup().name');
    const pieces = [sub, rg, ...names].map(scalarText);
    if (pieces.some((p) => p === undefined)) return unknown(node, ctx);
    const [s, g, ...n] = pieces as (string | ArmUnresolved | ArmPartialString)[];
    const out: (string | ArmUnresolved | ArmPartialString)[] = ['/subscriptions/', s, '/resourceGroups/', g, `/providers/${typeSegments[0]}`];
    typeSegments.slice(1).forEach((seg, i) => out.push(`/${seg}/`, n[i]));
    return joinParts(out, textOf(node, ctx));
  },
} satisfies Record<string, Fn>);
