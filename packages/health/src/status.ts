/** The HTTP codes a target may answer with: inclusive ranges, as `expect-status` writes them. */
export interface StatusSet {
  /** Inclusive `[from, to]` pairs. */
  readonly ranges: readonly (readonly [number, number])[];
  /** The set as written back for people: `200-299`, `200,204`. */
  readonly text: string;
}

/** What `expect-status` accepts, in words, for problems and docs. */
export const STATUS_GRAMMAR =
  'an HTTP code (200), a range (200-299) or a comma-separated list of both (200,204)';

/** The default: any 2xx. */
export const ANY_2XX: StatusSet = { ranges: [[200, 299]], text: '200-299' };

const PART = /^(\d{3})(?:-(\d{3}))?$/;

/**
 * Reads `expect-status`: `200`, `200-299`, `200,204`, `200-204,301`. Codes must lie in 100–599 and a range must not
 * run backwards. Returns the problem in words instead when it does not.
 */
export function parseStatusSet(text: string | number): StatusSet | { problem: string } {
  const written = String(text).trim();
  const ranges: [number, number][] = [];
  for (const part of written.split(',').map((p) => p.trim())) {
    const match = PART.exec(part);
    if (match === null) return { problem: `"${part}" is not ${STATUS_GRAMMAR}` };
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (from < 100 || to > 599) return { problem: `"${part}" is outside the HTTP codes 100-599` };
    if (to < from) return { problem: `"${part}" runs backwards; write the lower code first` };
    ranges.push([from, to]);
  }
  return { ranges, text: written };
}

/** Whether `code` is in the set. */
export function statusAllowed(set: StatusSet, code: number): boolean {
  return set.ranges.some(([from, to]) => code >= from && code <= to);
}
