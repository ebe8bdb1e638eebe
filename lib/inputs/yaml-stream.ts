/**
 * Parsing YAML (and JSON, which is YAML) that may be hostile, one document at a time.
 *
 * - Nesting is bounded while the text is tokenized, before any document is composed: the `yaml`
 *   parser's own stack (one entry per open flow `[`/`{` or block map/sequence) is watched after
 *   every token, and the stream is refused once it holds more than `YAML_LIMITS.maxNesting`
 *   collections. Deeply nested input (`[[[[...`, `- - - - ...`, ever deeper indentation) otherwise
 *   costs seconds and gigabytes per megabyte and can abort V8 outright, which no `catch` survives.
 *   Watching the parser rather than scanning the raw text is exact (quotes, comments and block
 *   scalars are the parser's business) and costs no second pass.
 * - Documents are composed lazily, so a many-document file never holds more than one document's
 *   syntax tree at a time.
 * - Documents are bounded in tokens, because memory while composing grows with tokens, not bytes.
 * - `toJavaScript` converts a document in one linear walk that also finds duplicate keys,
 *   resolves aliases and merge keys (as kubectl does), and bounds what they expand to.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';

/** Limits of the YAML parser. */
export const YAML_LIMITS = {
  /**
   * Collections that may be open at once (flow `[`/`{` and block maps and sequences alike).
   * Kubernetes objects nest a few dozen levels (CRD schemas perhaps 60); deeper input is refused.
   */
  maxNesting: 500,
  /**
   * YAML tokens (lexemes: scalars, indicators, spaces, newlines) one document may have. Memory
   * while a document is composed grows with its tokens, not its bytes: 180 to 360 bytes a token
   * (`[0,0,0,...]` is the worst, 0.6 MB of it took 350 MB). The largest real documents seen (CRDs,
   * the Kubernetes OpenAPI document) have under 200k tokens.
   */
  maxDocumentTokens: 500_000,
  /**
   * Nodes that aliases and merge keys may add to one document (each alias adds the nodes of what
   * it refers to). Shared values cost no memory, but every walk of the result visits them: a
   * billion-laughs document is small and expands without end; a large anchored map merged a
   * thousand times becomes a memory bomb.
   */
  maxAliasExpansion: 100_000,
} as const;

/** Which limit of `YAML_LIMITS` a stream passed. */
export type YamlLimit = 'nesting' | 'document-tokens';

/** Thrown by `parseYamlDocuments` when the input passes a limit; no document past it is composed. */
export class YamlLimitError extends Error {
  constructor(
    readonly limit: YamlLimit,
    /** Offset in the text where the limit was passed. */
    readonly offset: number,
    /** The limit's value. */
    readonly max: number,
  ) {
    super(limit === 'nesting' ? `nests more than ${max} collections deep` : `has a document of more than ${max} YAML tokens`);
    this.name = 'YamlLimitError';
  }
}

/** Limits `parseYamlDocuments` enforces; each defaults to `YAML_LIMITS`. */
export interface YamlStreamLimits {
  readonly maxNesting?: number;
  readonly maxDocumentTokens?: number;
}

/** Options of the composer: duplicate keys are checked by `toJavaScript`, merge keys recognized. */
const COMPOSE_OPTIONS = { uniqueKeys: false, merge: true, prettyErrors: false } as const;

/**
 * The documents of a YAML stream, composed one at a time. Lines go to `lineCounter`. Throws
 * `YamlLimitError` (from the iteration) when nesting or a document's size passes its limit;
 * documents already yielded stay valid.
 */
export function* parseYamlDocuments(text: string, lineCounter: LineCounter, limits: YamlStreamLimits = {}): Generator<Document.Parsed, void, undefined> {
  const maxNesting = limits.maxNesting ?? YAML_LIMITS.maxNesting;
  const maxTokens = limits.maxDocumentTokens ?? YAML_LIMITS.maxDocumentTokens;
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer(COMPOSE_OPTIONS);
  let failure: YamlLimitError | undefined;
  let inDocument = 0;
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text, false)) {
    for (const token of parser.next(lexeme)) {
      // A finished document (or stream-level token) leaves the parser: the next one starts.
      inDocument = 0;
      yield* composer.next(token) as Generator<Document.Parsed, void, undefined>;
    }
    if (parser.stack.length > maxNesting + 1 && openCollections(parser.stack) > maxNesting) {
      failure = new YamlLimitError('nesting', parser.offset, maxNesting);
      break;
    }
    if (++inDocument > maxTokens) {
      failure = new YamlLimitError('document-tokens', parser.offset, maxTokens);
      break;
    }
  }
  // On failure the document being parsed is dropped; the composer still holds the one before it.
  if (!failure) for (const token of parser.end()) yield* composer.next(token) as Generator<Document.Parsed, void, undefined>;
  yield* composer.end(false, text.length) as Generator<Document.Parsed, void, undefined>;
  if (failure) throw failure;
}

const SCALARS = new Set(['scalar', 'alias', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar']);

/**
 * Collections open on the parser's stack: all of it but the document at the bottom and a scalar
 * being read at the top (checked in constant time; only the top can be a scalar).
 */
function openCollections(stack: readonly { type: string }[]): number {
  const top = stack[stack.length - 1];
  return stack.length - 1 - (top && SCALARS.has(top.type) ? 1 : 0);
}

/** What made a document impossible to convert. */
export type YamlContentProblem = 'duplicate-key' | 'alias' | 'alias-expansion' | 'merge';

/** Thrown by `toJavaScript` for a document that cannot become one unambiguous, bounded value. */
export class YamlContentError extends Error {
  constructor(
    readonly problem: YamlContentProblem,
    message: string,
    /** Offset in the text of the node at fault. */
    readonly offset: number,
    /** For a duplicate key, the offset of its first occurrence. */
    readonly firstOffset?: number,
  ) {
    super(message);
    this.name = 'YamlContentError';
  }
}

/** Limits of `toJavaScript`; each defaults to `YAML_LIMITS`. */
export interface ToJavaScriptLimits {
  readonly maxAliasExpansion?: number;
}

/**
 * A composed document as JavaScript (what `doc.toJS()` gives), in one walk linear in the document:
 *
 * - duplicate keys are errors, found with one `Map` per map; keys are compared as the property
 *   names they become (`1` and `"1"` collide, as they would in the object). The `yaml` library's
 *   own `uniqueKeys` check compares every key with every other key of its map (20 s for 40k keys);
 * - aliases resolve to the last anchor of their name before them, as in the library, but through
 *   a table: the library walks the whole document for aliases inside anchored nodes and for every
 *   merge, which made a 0.7 MB document with 1000 aliases run for minutes;
 * - merge keys (`<<: *anchor`, `<<: [*a, *b]`) copy the merged maps' entries that the map does not
 *   set itself, the first merged map winning, as kubectl does;
 * - what aliases and merges add (the nodes a walk of the result would visit beyond the document's
 *   own) is bounded by `maxAliasExpansion`; past it, a `YamlContentError` ('alias-expansion').
 *
 * Non-scalar keys (never seen in Kubernetes objects) become their source text.
 */
export function toJavaScript(doc: Document.Parsed, text: string, limits: ToJavaScriptLimits = {}): unknown {
  const maxExpansion = limits.maxAliasExpansion ?? YAML_LIMITS.maxAliasExpansion;
  interface Anchor { done: boolean; value: unknown; size: number }
  const anchors = new Map<string, Anchor>();
  let expansion = 0;
  /** Nodes of the value last converted, aliases expanded. */
  let size = 0;
  const offsetOf = (node: unknown) => (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;

  const convert = (node: unknown): unknown => {
    if (node === null || node === undefined) {
      size = 1;
      return null;
    }
    if (isAlias(node)) {
      const anchor = anchors.get(node.source);
      if (!anchor) throw new YamlContentError('alias', `alias *${node.source} has no anchor &${node.source} before it`, offsetOf(node));
      if (!anchor.done) throw new YamlContentError('alias', `alias *${node.source} is inside the node it refers to`, offsetOf(node));
      expansion += anchor.size;
      if (expansion > maxExpansion) {
        throw new YamlContentError('alias-expansion', `aliases and merge keys expand to more than ${maxExpansion} nodes (an alias bomb)`, offsetOf(node));
      }
      size = anchor.size;
      return anchor.value;
    }
    const name = (node as { anchor?: unknown }).anchor;
    const anchor: Anchor | undefined = typeof name === 'string' && name !== '' ? { done: false, value: undefined, size: 0 } : undefined;
    if (anchor) anchors.set(name as string, anchor);
    let value: unknown;
    let total = 1;
    if (isScalar(node)) {
      value = typeof node.value === 'bigint' ? Number(node.value) : node.value;
    } else if (isMap(node)) {
      value = convertMap(node);
      total = size;
    } else if (isSeq(node)) {
      const items: unknown[] = [];
      for (const item of node.items) {
        items.push(convert(item));
        total += size;
      }
      value = items;
    } else if (isPair(node)) {
      // A pair in a sequence (`!!pairs`): one single-key object.
      const key = propertyName(node.key as YamlNode | null, text) ?? '<<';
      const v = convert(node.value);
      total += size + 1;
      value = setProperty({}, key, v);
    } else {
      value = node;
    }
    size = total;
    if (anchor) Object.assign(anchor, { done: true, value, size: total });
    return value;
  };

  const convertMap = (map: YAMLMap): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    const explicit = new Map<string, number>();
    let total = 1;
    for (const pair of map.items) {
      const key = pair.key as YamlNode | null;
      const property = propertyName(key, text);
      if (property === undefined) {
        // `<<`: copy what the merged maps have and this map does not set before the merge.
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          // An alias counts what it expands to; an inline map is the document's own nodes.
          const merged = convert(source);
          total += size;
          if (typeof merged !== 'object' || merged === null || Array.isArray(merged)) {
            throw new YamlContentError('merge', `a merge key (<<) merges maps, not ${Array.isArray(merged) ? 'a list' : merged === null ? 'null' : typeof merged}`, offsetOf(source ?? key));
          }
          for (const k of Object.keys(merged)) {
            if (!Object.prototype.hasOwnProperty.call(object, k)) setProperty(object, k, (merged as Record<string, unknown>)[k]);
          }
        }
        continue;
      }
      const at = offsetOf(key);
      const first = explicit.get(property);
      if (first !== undefined) {
        throw new YamlContentError('duplicate-key', `duplicate key "${property}"`, at, first);
      }
      explicit.set(property, at);
      const value = convert(pair.value);
      total += size + 1;
      setProperty(object, property, value);
    }
    size = total;
    return object;
  };

  return convert(doc.contents);
}

/** Sets an own property, also for names an object inherits (`__proto__`, `constructor`). */
function setProperty(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  if (key in object) Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
  return object;
}

/** The property name a key becomes in the object, or `undefined` for a merge key (`<<`). */
function propertyName(key: YamlNode | null, text: string): string | undefined {
  if (key === null || key === undefined) return '';
  if (isScalar(key)) {
    // With merge keys on, a plain `<<` resolves to a symbol.
    if (typeof key.value === 'symbol') return undefined;
    return key.value === null ? '' : String(key.value);
  }
  // A collection or alias as a key: its source text stands for it.
  return key.range ? text.slice(key.range[0], key.range[1]) : '';
}
