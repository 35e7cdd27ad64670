import { DeployActionError } from './errors.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// `ms` must come before `m` so "500ms" is not read as "500m" + "s".
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;

/** Grammar accepted by {@link parseDuration}, for messages. */
export const DURATION_GRAMMAR = 'a duration such as 500ms, 30s, 5m or 1h30m';

/**
 * Parses a duration written as one or more `<number><unit>` parts, units `ms`, `s`, `m`, `h`
 * (`500ms`, `30s`, `1.5s`, `5m`, `1h30m`), into milliseconds. A bare number is rejected: its unit would be a guess.
 *
 * @throws DeployActionError (`invalid-duration`) when the text does not follow that grammar.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) {
    throw new DeployActionError(`${JSON.stringify(text)} is not ${DURATION_GRAMMAR}`, {
      code: 'invalid-duration',
      hint: 'Write a number followed by ms, s, m or h; parts may be combined, e.g. 1h30m.',
    });
  }
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) ms += Number(amount) * (UNIT_MS[unit ?? ''] ?? 0);
  return Math.round(ms);
}

/**
 * Formats milliseconds for people: below a minute as seconds with up to millisecond precision (`500ms`, `1.5s`,
 * `12s`), from a minute on as whole hours, minutes and seconds (`5m`, `1h30m`, `2m5s`). The result parses back with
 * {@link parseDuration}.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  if (total < 1000) return `${total}ms`;
  if (total < 60_000) return `${Number((total / 1000).toFixed(3))}s`;
  const seconds = Math.round(total / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
}
