import { input, readInputs } from '@deploy-actions/core';

/** The inputs of services-manifest, parsed and checked. */
export interface Inputs {
  /** The manifest's path as given (relative to the workspace unless absolute). */
  manifest: string;
}

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  manifest: input.string({
    default: '.github/deploy-services.yml',
    allowed: "the path of the services manifest in the caller's repository, e.g. .github/deploy-services.yml",
  }),
  timeout: input.duration({ default: '1m', min: '1s', max: '1h' }),
  'proof-dir': input.string(),
};

/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  const raw = readInputs(inputSpec);
  return { manifest: raw.manifest };
}
