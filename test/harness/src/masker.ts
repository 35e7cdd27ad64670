import { maskedValues, runnerEncodings } from './encodings.ts';

/**
 * The runner's secret masker (actions/runner src/Sdk/DTLogging/Logging/SecretMasker.cs): registered values and
 * their encodings, replaced with `***` in text logged after they were registered.
 */
export interface Masker {
  /**
   * Registers a value as `::add-mask::` does: the whole value, then each of its lines (split on CR or LF,
   * trimmed), each with the runner's encodings. Whitespace-only values are refused (the caller warns).
   */
  add(value: string): void;
  /** Registers one value and its encodings as SecretMasker.AddValue does: nothing for an empty value. */
  addValue(value: string): void;
  /** Replaces every registered form with `***`, merging overlapping matches into one, as SecretMasker does. */
  mask(text: string): string;
  /** Every value registered (not its encodings), in registration order. */
  readonly values: readonly string[];
}

/** A fresh masker with nothing registered. */
export function createMasker(): Masker {
  const values: string[] = [];
  const forms = new Set<string>();
  const addValue = (value: string): void => {
    if (value === '' || values.includes(value)) return;
    values.push(value);
    for (const form of runnerEncodings(value)) forms.add(form);
  };
  return {
    values,
    addValue,
    add(value) {
      if (value.trim() === '') return;
      for (const item of maskedValues(value)) addValue(item);
    },
    mask(text) {
      const ranges: [number, number][] = [];
      for (const form of forms) {
        for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
          ranges.push([at, at + form.length]);
        }
      }
      if (ranges.length === 0) return text;
      ranges.sort((a, b) => a[0] - b[0]);
      let result = '';
      let cursor = 0;
      let [start, end] = ranges[0] ?? [0, 0];
      for (const [from, to] of ranges.slice(1)) {
        if (from <= end) {
          end = Math.max(end, to);
          continue;
        }
        result += text.slice(cursor, start) + '***';
        cursor = end;
        [start, end] = [from, to];
      }
      return result + text.slice(cursor, start) + '***' + text.slice(end);
    },
  };
}
