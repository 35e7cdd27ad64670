// Test helpers for every package's tests, at the subpath @deploy-actions/core/testing so they stay out of the main API.

/** Sets `INPUT_<NAME>` variables the way the runner does (upper-case, spaces to `_`, hyphens kept). */
export function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) process.env[inputEnvName(name)] = value;
}

/** Removes every `INPUT_*` variable. */
export function clearInputs(): void {
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('INPUT_')) delete process.env[key];
  }
}

/**
 * Sets (or, for `undefined`, deletes) environment variables and returns a function that puts back what was there.
 */
export function stubEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  apply(values);
  return () => apply(saved);
}

function apply(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/**
 * `INPUT_<NAME>`, the environment variable the runner gives an input: spaces become `_`, letters upper-case, hyphens
 * stay. The harness builds its steps' inputs with it too, so tests and harness cannot disagree on the name.
 */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}
