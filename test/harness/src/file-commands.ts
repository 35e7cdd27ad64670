/**
 * The runner's file-command parsers (actions/runner src/Runner.Worker/FileCommandManager.cs), as on a Linux
 * runner: key/value files are split on LF only, so a `\r` stays in a value and a line of only `\r` is an error;
 * CRLF is honoured only on Windows runners.
 */

/** What one key/value file command file (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`) held. */
export interface KeyValueFile {
  /** The pairs read before any error, a later line for the same name winning. */
  values: Record<string, string>;
  /** The runner's exception message for a malformed file; any error fails the step. */
  error?: string;
}

/**
 * Parses `NAME=VALUE` lines and `NAME<<DELIMITER` … `DELIMITER` blocks as EnvFileKeyValuePairs does. The
 * runner's check for an empty name tests the whole line, so `=value` is accepted with an empty name.
 */
export function parseKeyValueFile(text: string): KeyValueFile {
  const values: Record<string, string> = {};
  let index = 0;
  const readLine = (): { line: string; newline: boolean } | undefined => {
    if (index >= text.length) return undefined;
    const start = index;
    const lf = text.indexOf('\n', index);
    if (lf < 0) {
      index = text.length;
      return { line: text.slice(start), newline: false };
    }
    index = lf + 1;
    return { line: text.slice(start, lf), newline: true };
  };
  for (let next = readLine(); next !== undefined; next = readLine()) {
    const { line } = next;
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        return {
          values,
          error: `Invalid format '${line}'. Name must not be empty and delimiter must not be empty`,
        };
      }
      const start = index;
      let end = index;
      for (let value = readLine(); value?.line !== delimiter; value = readLine()) {
        if (value === undefined) {
          return { values, error: `Invalid value. Matching delimiter not found '${delimiter}'` };
        }
        if (!value.newline) return { values, error: 'Invalid value. EOF marker missing new line.' };
        end = index - 1;
      }
      values[name] = text.slice(start, end);
    } else {
      return { values, error: `Invalid format '${line}'` };
    }
  }
  return { values };
}

/**
 * `GITHUB_PATH` entries in the order written (the runner prepends each, so the last ends up first on PATH). The
 * runner reads this file with `File.ReadAllLines`, which ends a line at CR, LF or CRLF, and skips empty lines only.
 */
export function parsePathFile(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line !== '');
}
