import { maskedForms } from './encodings.ts';

/** The runner's secret masker: values registered with `::add-mask::`, replaced with `***` from then on. */
export interface Masker {
  /** Registers a value (and its escaped forms); blank values are ignored, as the runner ignores them. */
  add(value: string): void;
  /** Replaces every registered form with `***`, merging overlapping matches into one. */
  mask(text: string): string;
  /** The registered values, in registration order. */
  readonly values: readonly string[];
}

/** A fresh masker with nothing registered. */
export function createMasker(): Masker {
  const values: string[] = [];
  const forms = new Set<string>();
  return {
    values,
    add(value) {
      if (value.trim() === '' || values.includes(value)) return;
      values.push(value);
      for (const form of maskedForms(value)) forms.add(form);
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
