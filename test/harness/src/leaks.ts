import { leakForms } from './encodings.ts';

/** Where a registered secret was found, and in which encoding (never the value itself). */
export interface Leak {
  where: 'log' | 'output' | 'summary' | 'state' | 'env' | 'path' | 'annotation' | 'file';
  /** The output, state or env name, or the annotation property. */
  name?: string;
  /** The file it was found in (a proof record, a report, anything the step wrote). */
  file?: string;
  /** `raw`, `json`, `uri`, `xml`, `escaped`, `base64`, `base64url` or `hex`. */
  form: string;
  /**
   * Which secret: its place in `StepResult.masks` followed by `workflowSecrets` and `secrets`, de-duplicated
   * (`masks[0]` is `ACTIONS_RUNTIME_TOKEN`).
   */
  secret: number;
}

/** Text a step left behind, grouped by where it was found. */
export interface LeakScanInput {
  /** The masked log. */
  log: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>;
  /** `GITHUB_PATH` entries. */
  path: string[];
  /** The raw summary file: the suite promises never to write a secret there, masked or not. */
  summary: string;
  /** The properties of every annotation (`title`, `file`, …), which the runner shows unmasked. */
  annotations: Record<string, string>[];
  /** Files the step may have written (proof records, reports), by path. */
  files: Record<string, string>;
}

/** Secrets (and lines of a multi-line secret) shorter than this are ignored: they occur by chance. */
export const minimumSecretLength = 4;

/**
 * Every place a secret occurs in any form a reader could decode (see `leakForms`): far more forms than the
 * runner masks, so a form the runner leaves readable in the log is reported.
 */
export function findLeaks(secrets: readonly string[], scan: LeakScanInput): Leak[] {
  const leaks: Leak[] = [];
  const forms = secrets.map((secret) => leakForms(secret, minimumSecretLength));
  const check = (text: string, where: Leak['where'], label: { name?: string; file?: string }): void => {
    forms.forEach((secretForms, index) => {
      const found = new Set<string>();
      for (const { form, text: encoded } of secretForms) {
        if (!found.has(form) && text.includes(encoded)) {
          found.add(form);
          leaks.push({ where, ...label, form, secret: index });
        }
      }
    });
  };
  check(scan.log, 'log', {});
  check(scan.summary, 'summary', {});
  for (const [name, value] of Object.entries(scan.outputs)) check(value, 'output', { name });
  for (const [name, value] of Object.entries(scan.state)) check(value, 'state', { name });
  for (const [name, value] of Object.entries(scan.env)) check(value, 'env', { name });
  for (const entry of scan.path) check(entry, 'path', {});
  for (const properties of scan.annotations) {
    for (const [name, value] of Object.entries(properties)) check(value, 'annotation', { name });
  }
  for (const [file, value] of Object.entries(scan.files)) check(value, 'file', { file });
  return leaks;
}

/** One line per leak, for a test's failure message; names places and encodings, never the secret. */
export function formatLeaks(leaks: readonly Leak[]): string {
  if (leaks.length === 0) return 'no leaks';
  return leaks
    .map((leak) => {
      const place = leak.name ?? leak.file;
      return `secret #${leak.secret} found ${leak.form} in ${leak.where}${place === undefined ? '' : ` ${place}`}`;
    })
    .join('\n');
}
