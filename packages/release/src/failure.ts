import { DeployActionError, FlyApiError } from '@deploy-actions/core';

/** Why a deploy failed, as the `failure` output names it. */
export type FailureKind =
  | 'auth'
  | 'lease-conflict'
  | 'build'
  | 'config'
  | 'release-command'
  | 'launch'
  | 'crash-loop'
  | 'checks-timeout'
  | 'api'
  | 'cancelled';

/** What a failed machine showed: why it is considered failed, its exits and its recent log lines. */
export interface MachineDiagnosis {
  machineId: string;
  /** Exit codes of the non-requested exits since the update, oldest first. */
  exitCodes: number[];
  restartCount: number;
  /** Log lines since the update (redacted when shown), or undefined when they could not be read. */
  logLines?: string[];
  /** Why the logs are missing, with how to see them. */
  logsUnavailable?: string;
}

/** A deploy that failed for a known reason; `kind` becomes the `failure` output. */
export class DeployFailure extends DeployActionError {
  /** The `failure` output. */
  readonly kind: FailureKind;
  /** Set when one machine's failure ended the deploy. */
  readonly diagnosis?: MachineDiagnosis;
  /** The Fly request id of the call that failed, if any. */
  readonly requestId?: string;

  /** Creates the failure; `code` is `deploy-<kind>`. */
  constructor(
    kind: FailureKind,
    message: string,
    options: { hint: string; cause?: unknown; diagnosis?: MachineDiagnosis; requestId?: string },
  ) {
    super(message, { code: `deploy-${kind}`, hint: options.hint, cause: options.cause });
    this.kind = kind;
    if (options.diagnosis !== undefined) this.diagnosis = options.diagnosis;
    const requestId =
      options.requestId ?? (options.cause instanceof FlyApiError ? options.cause.requestId : undefined);
    if (requestId !== undefined) this.requestId = requestId;
  }
}

/** The failure kind of anything thrown during a deploy: 401/403 are `auth`, other API errors `api`. */
export function failureKindOf(error: unknown): FailureKind {
  if (error instanceof DeployFailure) return error.kind;
  // A run past its `timeout` stops like a cancelled one: it stops changing and releases its leases.
  if (error instanceof DeployActionError && (error.code === 'cancelled' || error.code === 'timeout'))
    return 'cancelled';
  if (error instanceof FlyApiError && (error.status === 401 || error.status === 403)) return 'auth';
  return 'api';
}
