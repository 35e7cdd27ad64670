import type { Print } from './terminal/report.ts';

/** One outcome the demo expects, and what happened. */
export interface Check {
  what: string;
  expected: string;
  actual: string;
  ok: boolean;
}

/** The outcomes a demo run expects; the demo exits non-zero when one differs. */
export class Checks {
  readonly list: Check[] = [];
  readonly #print: Print;

  constructor(print: Print) {
    this.#print = print;
  }

  /** Records that `what` should be `expected` (compared as text) and prints whether it was. */
  expect(what: string, actual: unknown, expected: unknown): boolean {
    const check = {
      what,
      expected: String(expected),
      actual: String(actual),
      ok: String(actual) === String(expected),
    };
    this.list.push(check);
    this.#print(
      check.ok
        ? `   ✔ ${what}: ${check.actual}`
        : `   ✘ ${what}: expected ${check.expected}, got ${check.actual}`,
    );
    return check.ok;
  }

  /** The checks that did not hold. */
  failed(): Check[] {
    return this.list.filter((check) => !check.ok);
  }
}
