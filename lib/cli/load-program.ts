import { dirname } from 'node:path';

/** Thrown when a program cannot be loaded; the message says why and what to do. */
export class ProgramLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgramLoadError';
  }
}

/** How `loadProgram` finds ts-node; tests replace it. */
export type ModuleResolver = (request: string, options: { paths: string[] }) => string;

let tsNodeRegistered = false;

/**
 * Loads a cdk8s program for `aio-secure synth` and returns its exports. CommonJS JavaScript is
 * required as is; TypeScript is required through ts-node (transpile only, the program's own
 * tsconfig) when ts-node can be found from the program or the current folder. ES modules are
 * refused: synth needs the exports synchronously.
 */
export function loadProgram(path: string, resolveModule: ModuleResolver = require.resolve): unknown {
  if (/\.m[jt]s$/i.test(path)) {
    throw new ProgramLoadError(`${path} is an ES module; aio-secure synth loads CommonJS. Compile it with "module": "commonjs" and give the .js file.`);
  }
  if (/\.(c?ts|tsx)$/i.test(path)) registerTsNode(path, resolveModule);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path);
}

function registerTsNode(program: string, resolveModule: ModuleResolver): void {
  if (tsNodeRegistered) return;
  let tsNode: string;
  try {
    tsNode = resolveModule('ts-node', { paths: [dirname(program), process.cwd()] });
  } catch {
    throw new ProgramLoadError(
      `${program} is TypeScript and ts-node is not installed. Compile the program first (npx tsc) and give the .js file, or install ts-node.`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(tsNode) as { register(options: object): unknown }).register({
    transpileOnly: true,
    projectSearchDir: dirname(program),
    compilerOptions: { module: 'commonjs' },
  });
  tsNodeRegistered = true;
}
