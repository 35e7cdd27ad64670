const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Milliseconds in a Go duration string (`"15s"`, `"1m30s"`, `"200ms"`), or `undefined` when it is not one. */
export function parseGoDuration(text: string | undefined): number | undefined {
  if (text === undefined || !/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, value, , unit] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(value) * UNIT_MS[unit!]!;
  }
  return total;
}

/** A Go duration string for whole milliseconds, the format Fly configs use. */
export function formatGoDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
