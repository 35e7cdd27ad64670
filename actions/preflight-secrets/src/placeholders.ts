/**
 * Values people paste while a real credential is still to come. A secret that holds one of them is as unusable
 * as a missing one, and the deploy that relies on it fails late and far from the cause (incident 3).
 */
const PLACEHOLDER_RULES: readonly { test: (value: string) => boolean; describe: string }[] = [
  { test: (v) => /^\*+$/.test(v), describe: 'a run of asterisks (a masked value copied from a log)' },
  {
    // `xxxx`, `xxxx-xxxx`, and a key's prefix followed only by x's (`sk-xxxxxxxx`, `ghp_xxxxxxxxxxxx`).
    test: (v) => /^(?:[a-z0-9]{1,12}[-_])?x{3,}(?:[-_]x{3,})*$/i.test(v),
    describe: 'a run of "x" characters',
  },
  { test: (v) => /^<[^<>]*>$/.test(v), describe: 'an angle-bracket placeholder such as <your-token>' },
  { test: (v) => /^\$\{\{.*\}\}$/.test(v), describe: 'an unevaluated ${{ … }} expression' },
  { test: (v) => /^your[-_ ].*[-_ ]here$/i.test(v), describe: 'a "your-…-here" placeholder' },
  {
    test: (v) =>
      /^(tbd|todo|tba|changeme|change[-_ ]me|replace[-_ ]?me|placeholder|null|undefined|none|nil|secret|password|dummy|fixme)$/i.test(
        v,
      ),
    describe: 'a word people type while the real value is still to come',
  },
];

/**
 * Says why a value looks like a placeholder rather than a credential, or `undefined` when it does not.
 * The value is compared trimmed; the description never repeats the value itself.
 */
export function placeholderReason(value: string): string | undefined {
  const trimmed = value.trim();
  return PLACEHOLDER_RULES.find((rule) => rule.test(trimmed))?.describe;
}
