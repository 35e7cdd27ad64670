import {
  DeployActionError,
  FlyClient,
  log,
  parseFlyToken,
  rawInputs,
  registerSecret,
  runAction,
} from '@deploy-actions/core';
import type { Finding } from './findings.ts';
import { checkFlyAccess, notAsked, type FlyAccessPlan } from './fly-checks.ts';
import { getInputs, inputSpec, type Inputs } from './inputs.ts';
import { checkSecret, type SecretValue } from './local-checks.ts';
import { buildReport, publishReport } from './report.ts';
import type { SecretSpec } from './spec.ts';

/**
 * Reads a secret from `secrets-json` or the step's environment and masks it, and every piece of it, at once:
 * nothing may print it before it is registered.
 */
function readSecret(spec: SecretSpec, inputs: Inputs): SecretValue {
  const fromJson = inputs.secretsJson?.get(spec.name);
  // Own properties only: `process.env.toString` is a function, not a variable named toString.
  const fromEnv = Object.hasOwn(process.env, spec.name) ? process.env[spec.name] : undefined;
  const read: SecretValue =
    fromJson !== undefined
      ? { value: fromJson, source: 'secrets-json' }
      : fromEnv !== undefined
        ? { value: fromEnv, source: 'env' }
        : { value: undefined, source: 'absent' };
  if (read.value !== undefined) {
    registerSecret(read.value);
    // A Fly token may hold several comma-joined macaroons; each must be masked on its own, whether or not this
    // run checks it against apps (masks last for the job, and a later step may print one piece).
    if (spec.format?.kind === 'fly-token' || spec.name === inputs.flyTokenEnv) maskFlyTokenPieces(read.value);
  }
  return read;
}

function maskFlyTokenPieces(value: string): void {
  try {
    parseFlyToken(value);
  } catch (error) {
    // Nothing but a `FlyV1 ` prefix, or a character no header takes: the pieces were registered before the check
    // threw, and the format check reports the problem with the rest.
    if (!(error instanceof DeployActionError)) throw error;
  }
}

/**
 * {@link checkSecret}, but a value that breaks a check (a formatter throwing on it) is one finding, never the end of
 * the run. The finding names the error's kind only: its message may quote the value.
 */
function checkSecretSafely(spec: SecretSpec, read: SecretValue): Finding {
  try {
    return checkSecret(spec, read);
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    return {
      name: spec.name,
      subject: spec.name,
      level: spec.level,
      category: 'invalid',
      verdict: `the value could not be checked (the check failed with ${kind})`,
      fix: `check that ${spec.name} holds the value you meant; if it does, report this as a bug`,
    };
  }
}

/** The secrets to check: those listed, plus the Fly token (critical, `fly-token` format) when apps are to be checked. */
function secretsToCheck(inputs: Inputs): SecretSpec[] {
  const listed = inputs.secrets.find((s) => s.name === inputs.flyTokenEnv);
  if (inputs.flyApps.length === 0) return inputs.secrets;
  const token: SecretSpec = {
    ...listed,
    name: inputs.flyTokenEnv,
    level: 'critical',
    format: { kind: 'fly-token' },
  };
  return listed === undefined
    ? [token, ...inputs.secrets]
    : inputs.secrets.map((s) => (s === listed ? token : s));
}

/** Checks every secret, then the Fly token against every app, and reports all problems at once. */
export async function run(): Promise<void> {
  await runAction(
    'preflight-secrets',
    async (ctx) => {
      const inputs = getInputs();
      // secrets-json holds every secret of the repository, not only those checked: mask them all, one by one.
      for (const value of inputs.secretsJson?.values() ?? []) registerSecret(value);
      const { values, secretInputs } = rawInputs(inputSpec);
      ctx.proof.setInputs(values, { secretInputs });

      const specs = secretsToCheck(inputs);
      const reads = new Map(specs.map((spec) => [spec.name, readSecret(spec, inputs)]));
      const findings: Finding[] = specs.map((spec) =>
        checkSecretSafely(spec, reads.get(spec.name) ?? { value: undefined, source: 'absent' }),
      );

      if (inputs.flyApps.length > 0) {
        const plan: FlyAccessPlan = {
          tokenName: inputs.flyTokenEnv,
          apps: inputs.flyApps,
          appSecrets: inputs.flyAppSecrets,
          ...(inputs.flyOrg === undefined ? {} : { org: inputs.flyOrg }),
        };
        const token = findings.find((f) => f.name === inputs.flyTokenEnv);
        const tokenValue = reads.get(inputs.flyTokenEnv)?.value;
        if (token?.category === 'ok' && tokenValue !== undefined) {
          // Three attempts, not the default five: an unreachable API only makes these checks "could not verify",
          // and a preflight should answer in seconds.
          const client = new FlyClient({
            token: tokenValue,
            apiUrl: inputs.apiUrl,
            signal: ctx.signal,
            deadline: ctx.deadline,
            retry: { maxAttempts: 3 },
          });
          ctx.onCleanup(() => client.close());
          findings.push(
            ...(await log.group(`Asking ${inputs.apiUrl} about ${inputs.flyApps.join(', ')}`, () =>
              checkFlyAccess(client, plan),
            )),
          );
        } else {
          const reason = `${inputs.flyTokenEnv} is unusable`;
          findings.push(...inputs.flyApps.flatMap((app) => notAsked(plan, app, reason, true)));
        }
      }

      const report = buildReport(findings, inputs.failOn);
      await publishReport(report, ctx.proof);
      if (!report.ok && inputs.failOn !== 'never') {
        const list = report.failing.map((f) => f.subject).join(', ');
        throw new DeployActionError(
          `${report.failing.length} problem(s) that fail-on: ${inputs.failOn} counts: ${list}`,
          {
            code: 'preflight-failed',
            hint: 'each error above (and each row of the step summary) says how to fix it; fix them all, then re-run',
          },
        );
      }
    },
    { defaultTimeout: inputSpec.timeout.default },
  );
}
