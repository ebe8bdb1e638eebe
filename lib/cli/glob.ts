/**
 * Globs in CLI inputs, for shells that do not expand them (quoted patterns in CI, Windows):
 * `*` matches within one path segment, `**` any number of segments (none included), `?` one
 * character, `[abc]`/`[a-z]`/`[!a]` a character class, `{a,b}` alternatives. A glob matches files
 * only; the folder before the first segment with a pattern is walked recursively, following
 * symbolic links without entering a folder twice (a directory loop cannot hang it).
 *
 * Node 20 has no `fs.glob` (it came in 22) and `path.matchesGlob` is experimental there, so this is
 * our own: a few dozen lines do not justify a runtime dependency.
 */
import { sep } from 'node:path';
import { isManifestCandidate, READ_LIMITS, walkDirectory, type ReadProblem } from '../inputs/kubernetes-reader';

/** True when `path` has glob syntax (`*`, `?`, `[`, `{`). */
export function isGlob(path: string): boolean {
  return /[*?[{]/.test(path);
}

/**
 * The regular expression a glob stands for, matched against paths with `/` between segments.
 * Throws a `SyntaxError` for an unclosed `[` or `{`.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const wholeSegment = (i === 0 || glob[i - 1] === '/') && (i + 2 === glob.length || glob[i + 2] === '/');
        if (wholeSegment) {
          // `**/` matches no segment or several; a trailing `**` matches everything below.
          re += i + 2 === glob.length ? '.*' : '(?:[^/]*/)*';
          i += 2;
          continue;
        }
        i++;
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw new SyntaxError(`"[" at position ${i + 1} has no "]"`);
      let cls = glob.slice(i + 1, close);
      if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) {
      re += '|';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  if (braces > 0) throw new SyntaxError('"{" has no "}"');
  return new RegExp(`^${re}$`);
}

/** The folder a glob's walk starts from: the segments before the first one with a pattern. */
export function globBase(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (isGlob(s)) break;
    fixed.push(s);
  }
  if (fixed.length === 0) return '.';
  const base = fixed.join('/');
  return base === '' ? '/' : base;
}

/**
 * The files a glob matches, in walk order (names sorted), at most `READ_LIMITS.maxFiles`.
 * Problems: a malformed glob, a base folder that cannot be read, no match, too many matches.
 */
export function expandGlob(pattern: string, problems: ReadProblem[]): string[] {
  const glob = sep === '\\' ? pattern.replace(/\\/g, '/') : pattern;
  let re: RegExp;
  try {
    re = globToRegExp(glob.replace(/^\.\//, ''));
  } catch (e) {
    problems.push({ file: pattern, message: `is not a valid glob: ${(e as Error).message}. Quote it and close the bracket or brace.` });
    return [];
  }
  const base = globBase(glob);
  // Without `**`, nothing deeper than the glob's own segments can match: do not walk it.
  const depth = glob.includes('**') ? Infinity : glob.split('/').length - (base === '.' ? 0 : base.split('/').length);
  const found: string[] = [];
  const walkProblems: ReadProblem[] = [];
  const complete = walkDirectory(base, walkProblems, (file, name) => {
    // Matched as written: relative to the current folder (join drops "./"), or absolute; only
    // manifest files, as in a folder (never the waivers file).
    if (isManifestCandidate(name) && re.test(file.split(sep).join('/'))) found.push(file);
    return found.length < READ_LIMITS.maxFiles;
  }, depth);
  if (found.length === 0 && walkProblems.some((p) => p.file === base)) {
    problems.push({ file: pattern, message: `matches no files: its folder ${base} cannot be read. Check the path.` });
    return [];
  }
  for (const p of walkProblems) problems.push(p);
  if (found.length === 0) problems.push({ file: pattern, message: 'matches no files. Check the pattern (quote it so that the shell does not expand it).' });
  if (!complete) problems.push({ file: pattern, message: `matches more than ${READ_LIMITS.maxFiles} files; only the first ${READ_LIMITS.maxFiles} were read. Narrow the pattern.` });
  return found;
}
