// flyctl reads fly.toml values with Go's time.ParseDuration, docker/go-units and google/shlex, and sends durations
// as Go's Duration.String(). No npm package reproduces those exact grammars and that exact output, which the
// machine configs must match (the npm `shlex` ports Python's, whose quoting rules differ), so they are written
// here, small and tested against Go's documented examples.

const NS_PER: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

const GO_DURATION_PART = /(\d*)(?:\.(\d*))?([^\d.]+)/y;

/**
 * Reads a Go duration (`300ms`, `1.5h`, `2h45m`, `0`) into nanoseconds, as `time.ParseDuration` does for the
 * non-negative durations fly.toml holds. Returns undefined when Go would refuse the text.
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  let total = 0;
  GO_DURATION_PART.lastIndex = 0;
  while (GO_DURATION_PART.lastIndex < text.length) {
    const match = GO_DURATION_PART.exec(text);
    if (match === null) return undefined;
    const [, whole = '', fraction, unit = ''] = match;
    if (whole === '' && (fraction === undefined || fraction === '')) return undefined;
    const scale = NS_PER[unit];
    if (scale === undefined) return undefined;
    total += Number(whole || '0') * scale;
    // Go truncates the fractional part to whole nanoseconds.
    if (fraction) total += Math.floor((Number(fraction) * scale) / 10 ** fraction.length);
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

function trimmedFraction(value: number, digits: number): string {
  const scale = 10 ** digits;
  const whole = Math.floor(value / scale);
  const fraction = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}` : `${whole}.${fraction}`;
}

/** Writes nanoseconds the way Go's `Duration.String()` does: `0s`, `1.5ms`, `15s`, `1m0s`, `1h2m3.5s`. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trimmedFraction(ns, 3)}µs`;
  if (ns < 1e9) return `${trimmedFraction(ns, 6)}ms`;
  const totalSeconds = Math.floor(ns / 1e9);
  const seconds = `${trimmedFraction((totalSeconds % 60) * 1e9 + (ns % 1e9), 9)}s`;
  if (totalSeconds < 60) return seconds;
  const minutes = `${Math.floor(totalSeconds / 60) % 60}m`;
  if (totalSeconds < 3600) return minutes + seconds;
  return `${Math.floor(totalSeconds / 3600)}h${minutes}${seconds}`;
}

const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i;
const SIZE_EXPONENT: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

function sizeInBytes(text: string, base: 1000 | 1024): number | undefined {
  const match = SIZE.exec(text);
  if (match === null) return undefined;
  const [, amount = '', unit] = match;
  return Math.floor(
    Number(amount) * base ** (unit === undefined ? 0 : (SIZE_EXPONENT[unit.toLowerCase()] ?? 0)),
  );
}

/**
 * Reads a memory size the way flyctl reads `memory` (helpers.ParseSize with go-units' RAMInBytes, in MiB): a bare
 * integer is already megabytes, otherwise `512mb`, `1gb`, `2g`, `1.5GB` in binary units. Undefined when invalid.
 */
export function parseMemoryMb(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const bytes = sizeInBytes(text, 1024);
  return bytes === undefined ? undefined : Math.floor(bytes / 1024 ** 2);
}

/**
 * Reads a volume size the way flyctl reads `auto_extend_size_*` (helpers.ParseSize with go-units' FromHumanSize,
 * in GB): a bare integer is already gigabytes, otherwise `10gb`, `500GB` in decimal units. Undefined when invalid.
 */
export function parseVolumeGb(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const bytes = sizeInBytes(text, 1000);
  return bytes === undefined ? undefined : Math.floor(bytes / 1000 ** 3);
}

/**
 * Splits a command line into words the way flyctl does (google/shlex, which differs from POSIX shells and from
 * Python's shlex that the npm `shlex` package ports): whitespace separates words, single quotes keep text
 * literally, a backslash escapes the next character outside and inside double quotes, and `#` at the start of a
 * word begins a comment. Undefined on an unclosed quote or a trailing backslash.
 */
export function splitCommandLine(text: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (ch === '#' && word === undefined) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return undefined;
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let quoted = '';
      for (;;) {
        if (j >= text.length) return undefined;
        const c = text[j] as string;
        if (c === '"') break;
        if (c === '\\') {
          // google/shlex drops a backslash inside double quotes whatever follows it.
          if (j + 1 >= text.length) return undefined;
          quoted += text[j + 1];
          j += 2;
        } else {
          quoted += c;
          j++;
        }
      }
      word = (word ?? '') + quoted;
      i = j + 1;
    } else {
      word = (word ?? '') + ch;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
