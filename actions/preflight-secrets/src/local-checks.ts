import { checkFormat, formatLabel, type SecretFormat } from './formats.ts';
import type { Finding } from './findings.ts';
import { placeholderReason } from './placeholders.ts';
import type { SecretSpec } from './spec.ts';

/** Where the value of a secret came from, or `absent` when neither the environment nor `secrets-json` had it. */
export type ValueSource = 'env' | 'secrets-json' | 'absent';

/** A secret's value as read for the step; the value is already registered as a secret. */
export interface SecretValue {
  value: string | undefined;
  source: ValueSource;
}

function whereToSet(name: string): string {
  return (
    `set the secret ${name} in the repository's Settings → Secrets and variables → Actions ` +
    '(or in the environment or organization; an organization secret must be shared with this repository)'
  );
}

function formatFix(name: string, format: SecretFormat): string {
  switch (format.kind) {
    case 'fly-token':
      return `create a token with \`fly tokens create deploy -a <app>\` and store its whole output as ${name} (the \`FlyV1 \` prefix may stay)`;
    case 'github-token':
      return `store a GitHub token (a fine-grained token starting github_pat_, or a classic one starting ghp_) as ${name}`;
    case 'postgres-url':
      return `store the connection string as ${name}, e.g. postgres://user:password@host:5432/database`;
    case 'pem':
      return `store the whole PEM block as ${name}, including the BEGIN and END lines and its line breaks`;
    default:
      return `store a value in the ${formatLabel(format)} format as ${name}`;
  }
}

function withHint(fix: string, spec: SecretSpec): string {
  return spec.hint === undefined ? fix : `${fix}. ${spec.hint}`;
}

/**
 * Checks one secret without calling anything: presence, emptiness, placeholders, length and format.
 * Verdicts describe the value without quoting it.
 */
export function checkSecret(spec: SecretSpec, read: SecretValue): Finding {
  const base = { name: spec.name, subject: spec.name, level: spec.level };
  const missing = (verdict: string, fix: string): Finding => ({
    ...base,
    category: 'missing',
    verdict,
    fix: withHint(fix, spec),
  });
  const invalid = (verdict: string, fix: string): Finding => ({
    ...base,
    category: 'invalid',
    verdict,
    fix: withHint(fix, spec),
  });
  const { value } = read;
  if (read.source === 'absent' || value === undefined) {
    return missing(
      'not passed to this step',
      `add \`${spec.name}: \${{ secrets.${spec.name} }}\` under the step's env: (or pass secrets-json), and ${whereToSet(spec.name)}`,
    );
  }
  // GitHub passes a secret that is not set as an empty string, so "empty" usually means "not set".
  if (value === '') return missing('empty (the secret is not set, or set to nothing)', whereToSet(spec.name));
  if (value.trim() === '') return missing('blank (only whitespace)', whereToSet(spec.name));
  const placeholder = placeholderReason(value);
  if (placeholder !== undefined) {
    return missing(
      `a placeholder: ${placeholder}`,
      `replace the placeholder with the real value: ${whereToSet(spec.name)}`,
    );
  }
  if (spec.minLength !== undefined && value.length < spec.minLength) {
    return invalid(
      `shorter than ${spec.minLength} characters`,
      `check that ${spec.name} holds the whole value`,
    );
  }
  if (spec.format !== undefined) {
    const problem = checkFormat(spec.format, value);
    if (problem !== undefined)
      return invalid(`${formatLabel(spec.format)}: ${problem}`, formatFix(spec.name, spec.format));
  }
  const how = spec.format === undefined ? 'set' : `set, ${formatLabel(spec.format)} format`;
  return { ...base, category: 'ok', verdict: `${how} (from ${read.source})`, fix: '' };
}
