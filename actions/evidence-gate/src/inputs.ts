import { input, parseJsonPath, readInputs, type InputProblem, type JsonPath } from '@deploy-actions/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** A conclusion besides `success` that a required check may be allowed to end with. */
export type AllowedConclusion = 'skipped' | 'neutral';

/** One line of `required-checks`: a check-run or commit-status name, or a glob (`*` matches any text but `/`). */
export interface RequiredCheck {
  pattern: string;
  allow: AllowedConclusion[];
}

/** The named report formats, each with its own verdict. */
export const REPORT_FORMATS = ['junit', 'vitest', 'jest', 'playwright', 'lighthouse'] as const;
/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** An assertion on one value of a JSON file: exactly one comparison. */
export type Expectation =
  | { path: JsonPath; text: string; equals: string | number | boolean | null }
  | { path: JsonPath; text: string; atLeast: number }
  | { path: JsonPath; text: string; atMost: number };

/** One item of `required-artifacts`. */
export interface RequiredArtifact {
  name: string;
  file?: string;
  format?: ReportFormat;
  expect?: Expectation;
  /** Lighthouse: the least score every category must reach (0-1). */
  minScore: number;
}

/** Where the required artifacts come from. */
export type ArtifactRun =
  { kind: 'this-run' } | { kind: 'run-id'; id: number } | { kind: 'workflow'; workflow: string };

/** The inputs of evidence-gate, parsed and checked. `proof-dir` and `timeout` are read by `runAction`. */
export interface Inputs {
  sha: string;
  token: string;
  owner: string;
  repo: string;
  requiredChecks: RequiredCheck[];
  /** How long to wait for checks still running, in ms (0: fail at once). */
  waitMs: number;
  requiredArtifacts: RequiredArtifact[];
  artifactRun: ArtifactRun;
  promotionOf?: string;
  /** The image the caller means to promote; staging must have passed exactly this digest. */
  image?: string;
}

// The characters upload-artifact v4 refuses in a name (actions/toolkit artifact path-and-artifact-name-validation).
const ARTIFACT_NAME = /^[^":<>|*?\r\n\\/]+$/;
const SHA = /[0-9a-f]{40}/;
const REPOSITORY = /[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+/;
const DEFAULT_MIN_SCORE = 0.9;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const expectSchema = z
  .strictObject({
    path: z.string().min(1),
    equals: scalar.optional(),
    'at-least': z.number().optional(),
    'at-most': z.number().optional(),
  })
  .refine(
    (e) =>
      [e.equals !== undefined, e['at-least'] !== undefined, e['at-most'] !== undefined].filter(Boolean)
        .length === 1,
    'give exactly one of equals, at-least, at-most',
  );

const artifactSchema = z
  .strictObject({
    name: z.string().regex(ARTIFACT_NAME, 'an artifact name (none of " : < > | * ? \\ / or line breaks)'),
    file: z.string().min(1).optional(),
    format: z.enum(REPORT_FORMATS).optional(),
    expect: expectSchema.optional(),
    'min-score': z.number().min(0).max(1).optional(),
  })
  .refine((a) => (a.format === undefined && a.expect === undefined) || a.file !== undefined, {
    message: 'format and expect read a file inside the artifact: name it with file',
  })
  .refine((a) => a.format !== 'junit' || a.expect === undefined, {
    message: 'expect reads JSON; a junit file is judged by its failures and errors',
  })
  .refine((a) => a['min-score'] === undefined || a.format === 'lighthouse', {
    message: 'min-score is for format: lighthouse',
  });

const checkItemSchema = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), allow: z.array(z.enum(['skipped', 'neutral'])).default([]) }),
]);

/** The `timeout` input's default, as action.yml declares it. */
export const DEFAULT_TIMEOUT = '10m';

/** The input spec; `npm run check:inputs` compares it with `evidence-gate/action.yml`. */
export const inputSpec = {
  sha: input.string({
    pattern: SHA,
    allowed: 'a full 40-character commit SHA (default: the workflow commit)',
  }),
  'github-token': input.secret(),
  repository: input.string({ pattern: REPOSITORY, allowed: 'owner/name (default: this repository)' }),
  'required-checks': input.string({
    allowed:
      'check-run or commit-status names or globs, one per line, or a YAML list whose items may be { name, allow: [skipped, neutral] }',
  }),
  wait: input.duration({ default: '0s', max: '6h' }),
  'required-artifacts': input.structured(z.array(artifactSchema)),
  'run-id': input.integer({ min: 1 }),
  workflow: input.string({ pattern: /[^\r\n]{1,255}/ }),
  'promotion-of': input.string({ pattern: /[^\r\n]{1,255}/ }),
  image: input.string({
    pattern: /(?:\S+@)?sha256:[0-9a-f]{64}/,
    allowed: 'an image digest, `registry/app@sha256:<64 hex>` or `sha256:<64 hex>`',
  }),
  // Read and checked by runAction (a problem is listed with these); here so the proof lists it and action.yml agrees.
  timeout: input.string({ default: DEFAULT_TIMEOUT }),
};

/** Reads `required-checks`: plain lines, or a YAML list when the text starts with `-`. */
function parseRequiredChecks(text: string): RequiredCheck[] | string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('-')) {
    return trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((pattern) => ({ pattern, allow: [] }));
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(trimmed);
  } catch (error) {
    return `not a YAML list: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : ''}`;
  }
  const result = z.array(checkItemSchema).safeParse(parsed);
  if (!result.success) {
    return `items are names or { name, allow: [skipped, neutral] } (${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`;
  }
  return result.data.map((item) =>
    typeof item === 'string' ? { pattern: item, allow: [] } : { pattern: item.name, allow: item.allow },
  );
}

function expectation(raw: z.infer<typeof expectSchema>, path: JsonPath): Expectation {
  if (raw.equals !== undefined) return { path, text: raw.path, equals: raw.equals };
  if (raw['at-least'] !== undefined) return { path, text: raw.path, atLeast: raw['at-least'] };
  return { path, text: raw.path, atMost: raw['at-most'] ?? 0 };
}

/**
 * Reads and checks every input.
 * @throws InputError listing every problem at once.
 */
export function getInputs(): Inputs {
  let checks: RequiredCheck[] = [];
  const paths = new Map<number, JsonPath>();
  const raw = readInputs(inputSpec, {
    check: (values, given) => {
      const problems: InputProblem[] = [];
      if (values['required-checks'] !== undefined) {
        const parsed = parseRequiredChecks(values['required-checks']);
        if (typeof parsed === 'string') problems.push({ input: 'required-checks', allowed: parsed });
        else checks = parsed;
      }
      const names = new Set<string>();
      (values['required-artifacts'] ?? []).forEach((artifact, index) => {
        if (artifact.expect !== undefined) {
          const path = parseJsonPath(artifact.expect.path);
          if ('problem' in path) {
            problems.push({
              input: 'required-artifacts',
              value: artifact.expect.path,
              allowed: `item ${index} (${artifact.name}): ${path.problem}`,
            });
          } else paths.set(index, path);
        }
        const key = `${artifact.name}\u0000${artifact.file ?? ''}`;
        if (names.has(key)) {
          problems.push({
            input: 'required-artifacts',
            value: artifact.name,
            allowed: `each artifact and file once (item ${index} repeats one)`,
          });
        }
        names.add(key);
      });
      if (given('run-id') && given('workflow')) {
        problems.push({
          input: 'run-id',
          allowed:
            'either "run-id" or "workflow", not both (run-id names the run; workflow picks its newest successful run on sha)',
        });
      }
      if ((given('run-id') || given('workflow')) && !given('required-artifacts')) {
        problems.push({
          input: given('run-id') ? 'run-id' : 'workflow',
          allowed: 'only with required-artifacts, whose run it picks',
        });
      }
      if (given('image') && !given('promotion-of')) {
        problems.push({
          input: 'image',
          allowed: 'only with promotion-of, whose last successful deployment must carry it',
        });
      }
      if (!given('required-checks') && !given('required-artifacts') && !given('promotion-of')) {
        problems.push({
          input: 'required-checks',
          allowed:
            'at least one of required-checks, required-artifacts, promotion-of: the gate needs evidence to ask for',
        });
      }
      if (!given('github-token')) {
        problems.push({
          input: 'github-token',
          allowed:
            'a token that may read checks, statuses, actions and deployments (the default is the job token)',
        });
      }
      return problems;
    },
  });
  const sha = raw.sha ?? process.env.GITHUB_SHA ?? '';
  const [owner = '', repo = ''] = (raw.repository ?? process.env.GITHUB_REPOSITORY ?? '').split('/');
  return {
    sha,
    token: raw['github-token'] ?? '',
    owner,
    repo,
    requiredChecks: checks,
    waitMs: raw.wait,
    requiredArtifacts: (raw['required-artifacts'] ?? []).map((a, index) => {
      const path = paths.get(index);
      return {
        name: a.name,
        ...(a.file === undefined ? {} : { file: a.file }),
        ...(a.format === undefined ? {} : { format: a.format }),
        ...(a.expect === undefined || path === undefined ? {} : { expect: expectation(a.expect, path) }),
        minScore: a['min-score'] ?? DEFAULT_MIN_SCORE,
      };
    }),
    artifactRun:
      raw['run-id'] !== undefined
        ? { kind: 'run-id', id: raw['run-id'] }
        : raw.workflow !== undefined
          ? { kind: 'workflow', workflow: raw.workflow }
          : { kind: 'this-run' },
    ...(raw['promotion-of'] === undefined ? {} : { promotionOf: raw['promotion-of'] }),
    ...(raw.image === undefined ? {} : { image: raw.image }),
  };
}
