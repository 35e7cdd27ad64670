import { input, readInputs } from '@deploy-actions/core';
import { z } from 'zod';

/** What the status matrix needs of each service: the services-manifest output carries more keys, ignored here. */
const serviceSchema = z.looseObject({ name: z.string().min(1).max(256), app: z.string().max(256) });

/** The jobs' results GitHub reports in `needs.<job>.result`. */
export const JOB_RESULTS = ['success', 'failure', 'cancelled', 'skipped'] as const;

/** The inputs of status-matrix, parsed and checked. */
export interface Inputs {
  services: { name: string; app: string }[];
  proofs: string;
  artifactPrefix: string;
  deployResult?: (typeof JOB_RESULTS)[number];
}

/** The input spec, exported so the proof record can list the inputs as given. */
export const inputSpec = {
  services: input.structured(z.array(serviceSchema).min(1).max(256), {
    required: true,
    allowed: "services-manifest's `services` output: a JSON array of objects with `name` and `app`",
  }),
  proofs: input.string({
    required: true,
    allowed:
      'the folder actions/download-artifact extracted the proof artifacts into, one folder per artifact',
  }),
  'artifact-prefix': input.string({ default: 'deploy-proof-', pattern: /[A-Za-z0-9._-]{0,64}/ }),
  'deploy-result': input.enumOf(JOB_RESULTS),
  timeout: input.duration({ default: '2m', min: '1s', max: '1h' }),
  'proof-dir': input.string(),
};

/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  const raw = readInputs(inputSpec);
  return {
    services: raw.services.map(({ name, app }) => ({ name, app })),
    proofs: raw.proofs,
    artifactPrefix: raw['artifact-prefix'],
    ...(raw['deploy-result'] === undefined ? {} : { deployResult: raw['deploy-result'] }),
  };
}
