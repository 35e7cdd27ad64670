import { DeployActionError, parseFlyToken, registerSecret } from '@deploy-actions/core';

/** Words in a variable's name that say its value is a credential. */
const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD|PASS|CREDENTIAL|AUTH/i;
/**
 * Found by name only, so a flag such as `SKIP_AUTH=true` is not taken for a secret: masking `true` would blank the
 * word out of every log line of the job. Variables named in `redact-env` are taken whatever their length.
 */
const MIN_GUESSED_LENGTH = 8;
const FLY_TOKEN = /(?:^|[\s,])(?:FlyV1 +)?(?:fo1_|fm1a_|fm1r_|fm2_)/;

/** Whether a URL carries a user name or password (`postgres://app:pw@db/app`). */
function hasCredentials(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.username !== '' || url.password !== '';
}

/** Whether an environment variable holds a secret, judged by its name (and, for `*_URL`, its value). */
export function looksSecret(name: string, value: string): boolean {
  if (value.trim().length < MIN_GUESSED_LENGTH) return false;
  if (SECRET_NAME.test(name)) return true;
  return /_URL$/i.test(name) && hasCredentials(value.trim());
}

/**
 * Registers a value and its pieces: its lines and URL password (`registerSecret`), and each macaroon of a Fly token,
 * since a log may print one macaroon alone.
 */
export function registerValue(value: string): void {
  registerSecret(value);
  if (!FLY_TOKEN.test(value)) return;
  try {
    parseFlyToken(value);
  } catch (error) {
    // Only a bare `FlyV1 ` is refused, and it holds nothing to mask.
    if (!(error instanceof DeployActionError)) throw error;
  }
}

/**
 * Registers every secret this run must redact: the `redact` lines, the variables named in `redact-env`, and every
 * variable whose name says it is a credential. Returns how many values were registered (for the log; never which).
 */
export function registerRunSecrets(redact: readonly string[], redactEnv: readonly string[]): number {
  const named = new Set(redactEnv);
  let count = 0;
  for (const value of redact) {
    registerValue(value);
    count++;
  }
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || value.trim() === '') continue;
    if (named.has(name) || looksSecret(name, value)) {
      registerValue(value);
      count++;
    }
  }
  return count;
}
