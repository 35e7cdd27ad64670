// Case builders more than one action's suite uses: the same hostile situation, set up once.
import type { HostileCase } from './suite.ts';
import { echoingErrorPage } from './servers.ts';

/** How a hostile proxy may echo the Authorization header, by the name a case gives it. */
export const ECHO_ENCODINGS = {
  raw: (a: string) => a,
  base64: (a: string) => Buffer.from(a).toString('base64'),
  'base64 one byte in': (a: string) => Buffer.from(`>${a}`).toString('base64'),
  base64url: (a: string) => Buffer.from(a).toString('base64url'),
  hex: (a: string) => Buffer.from(a).toString('hex'),
  'upper-case hex': (a: string) => Buffer.from(a).toString('hex').toUpperCase(),
  'percent-encoded': (a: string) => encodeURIComponent(a),
  'JSON-escaped': (a: string) => JSON.stringify(a).slice(1, -1),
} satisfies Record<string, (authorization: string) => string>;

/** The name of one of {@link ECHO_ENCODINGS}. */
export type EchoEncoding = keyof typeof ECHO_ENCODINGS;

/** What a case that talks to Fly with a token passes the step. */
export type WithToken = Required<Pick<HostileCase, 'env' | 'workflowSecrets' | 'secrets'>>;

/**
 * A Fly token of several macaroons as users paste it (`FlyV1 a,b`), and the step's env and secrets for a case that
 * talks to Fly with it: the runner is told the whole token only, so each piece must not show up either.
 */
export function macaroonToken(pieces: readonly string[]): { token: string; withToken: WithToken } {
  const token = `FlyV1 ${pieces.join(',')}`;
  return {
    token,
    withToken: { env: { FLY_API_TOKEN: token }, workflowSecrets: [token], secrets: [...pieces] },
  };
}

/**
 * One leak case per encoding, named `a 502 page echoes the token <encoding>`: the API answers 502 with a page that
 * echoes the request's Authorization header in that encoding, `padding` characters in. `expect` gives the rest of
 * each case: the step's inputs and secrets, and what it must end with.
 */
export function echoedTokenCases(
  encodings: readonly EchoEncoding[],
  expect: Omit<HostileCase, 'kind' | 'name' | 'server'>,
  padding = 40,
): HostileCase[] {
  return encodings.map((encoding) => ({
    kind: 'leak',
    name: `a 502 page echoes the token ${encoding}`,
    server: () => echoingErrorPage(502, ECHO_ENCODINGS[encoding], padding),
    ...expect,
  }));
}

/** A bad-input case as a row: its name, the inputs that are bad, what the failure must say. */
export type BadInputRow = [name: string, inputs: Record<string, string>, message: RegExp];

/** The `input` cases of the rows: each fails (exit 1) saying `message`; `rest` gives each what the step is given. */
export function badInputCases(
  rows: readonly BadInputRow[],
  rest: Omit<HostileCase, 'kind' | 'name' | 'inputs' | 'exitCode' | 'message'>,
): HostileCase[] {
  return rows.map(([name, inputs, message]) => ({
    kind: 'input',
    name,
    inputs,
    ...rest,
    exitCode: 1,
    message,
  }));
}
