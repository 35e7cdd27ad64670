/** What one key/value file command file (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`) held. */
export interface KeyValueFile {
  values: Record<string, string>;
  /** The runner's error for a malformed file; any error fails the step. */
  error?: string;
}

/**
 * Parses `NAME=VALUE` lines and `NAME<<DELIMITER` … `DELIMITER` blocks as the runner does after the step exits;
 * a later line for the same name wins, and a heredoc without its closing delimiter is an error.
 */
export function parseKeyValueFile(text: string, label: string): KeyValueFile {
  const values: Record<string, string> = {};
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === '')
        return { values, error: `Invalid format '${line}' in ${label}: name must not be empty` };
      values[name] = line.slice(equals + 1);
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (name === '' || delimiter === '') {
        return {
          values,
          error: `Invalid format '${line}' in ${label}: name and delimiter must not be empty`,
        };
      }
      const end = lines.indexOf(delimiter, index + 1);
      if (end < 0) {
        return { values, error: `Invalid value in ${label}. Matching delimiter not found '${delimiter}'` };
      }
      values[name] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else {
      return { values, error: `Invalid format '${line}' in ${label}` };
    }
  }
  return { values };
}

/** `GITHUB_PATH` entries in the order written (the runner prepends each, so the last ends up first on PATH). */
export function parsePathFile(text: string): string[] {
  return splitLines(text).filter((line) => line.trim() !== '');
}

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}
