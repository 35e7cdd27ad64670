import { DeployActionError } from '@deploy-actions/core';

/** A path into the fly.toml document: table keys and array indexes, e.g. `['services', 0, 'ports', 1, 'port']`. */
export type KeyPath = readonly (string | number)[];

/** One thing wrong (or worth a warning) in a fly.toml, located by key and line. */
export interface FlyTomlProblem {
  /** The key as written in TOML dotted form, e.g. `services[0].ports[1].port`; empty for the document itself. */
  key: string;
  /** 1-based line of the key (or of its nearest enclosing table when the key itself is missing). */
  line?: number;
  /** 1-based column, known for syntax errors. */
  column?: number;
  /** What is wrong and what is allowed. */
  message: string;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Writes a key path the way a TOML author reads it: `http_service.checks[0].path`, quoted where not bare. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const written = BARE_KEY.test(part) ? part : JSON.stringify(part);
      out += out === '' ? written : `.${written}`;
    }
  }
  return out;
}

/** Formats one problem as `<file>:<line>: <key>: <message>` (the parts that are known). */
export function formatProblem(file: string, problem: FlyTomlProblem): string {
  const where =
    problem.line === undefined
      ? file
      : `${file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return problem.key === '' ? `${where}: ${problem.message}` : `${where}: ${problem.key}: ${problem.message}`;
}

/**
 * Every problem found in a fly.toml, reported at once so one run reveals all of them. Thrown before any call to
 * Fly, so a bad file never changes anything.
 */
export class FlyTomlError extends DeployActionError {
  /** The file as the user named it. */
  readonly file: string;
  /** All problems, in document order where lines are known. */
  readonly problems: FlyTomlProblem[];

  /** Creates the error; its message lists every problem on its own line. */
  constructor(file: string, problems: FlyTomlProblem[]) {
    const sorted = [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    const head = sorted.length === 1 ? `${file} has a problem` : `${file} has ${sorted.length} problems`;
    super(`${head}:\n${sorted.map((p) => formatProblem(file, p)).join('\n')}`, {
      code: 'invalid-fly-toml',
      hint: `Fix the keys listed above in ${file}; nothing was changed on Fly.`,
    });
    this.file = file;
    this.problems = sorted;
  }
}
