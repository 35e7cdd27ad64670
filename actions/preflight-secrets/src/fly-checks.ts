import { errorMessage, FlyApiError, redactAndShorten, type FlyClient } from '@deploy-actions/core';
import type { Finding } from './findings.ts';

/** What the Fly part of the preflight checks. */
export interface FlyAccessPlan {
  /** The name of the secret holding the token, for the report. */
  tokenName: string;
  apps: readonly string[];
  /** The organization slug every app must belong to. */
  org?: string;
  /** Secret names every app must already have on Fly. */
  appSecrets: readonly string[];
}

/** What a refusal means and what to do, in the words of the incident reports; `{app}`/`{token}` are filled in. */
const REFUSALS: Record<number, { verdict: string; fix: string }> = {
  401: {
    verdict: 'Fly refused the token (401): it is invalid or expired',
    fix: 'create a new token with `fly tokens create deploy -a {app}` and store it as the {token} secret',
  },
  403: {
    verdict: "Fly refused access (403): the token's organization or app scope does not cover {app}",
    fix: 'create a deploy token for {app} with `fly tokens create deploy -a {app}` (or use a token of the organization that owns it) and store it as the {token} secret',
  },
  404: {
    verdict: 'Fly has no app named {app} (404)',
    fix: 'check the app name in fly-apps, or create the app with `fly apps create {app}`',
  },
};

/**
 * Asks Fly, for each app, whether the token can read it (`GET /v1/apps/{app}`), whether it belongs to the expected
 * organization, and whether the required app secrets exist (names only). A call that gets no usable answer yields
 * an `unverified` finding, never `missing`: an outage says nothing about the token.
 */
export async function checkFlyAccess(client: FlyClient, plan: FlyAccessPlan): Promise<Finding[]> {
  const perApp = await Promise.all(plan.apps.map((app) => checkApp(client, plan, app)));
  return perApp.flat();
}

function tokenRow(plan: FlyAccessPlan, app: string): Pick<Finding, 'name' | 'subject' | 'level'> {
  return { name: plan.tokenName, subject: `${plan.tokenName} → ${app}`, level: 'critical' };
}

function appSecretRow(app: string, name: string): Pick<Finding, 'name' | 'subject' | 'level'> {
  return { name: `${app}:${name}`, subject: `${name} on ${app}`, level: 'critical' };
}

/**
 * The rows of checks that could not be asked (the token is unusable, or Fly refused it for the app): shown as
 * skipped so that the user sees, in this run, everything still to be checked once the token is fixed.
 */
export function notAsked(plan: FlyAccessPlan, app: string, reason: string, withToken: boolean): Finding[] {
  const skipped = {
    category: 'skipped' as const,
    verdict: `not checked: ${reason}`,
    fix: `fix ${plan.tokenName} first`,
  };
  return [
    ...(withToken ? [{ ...tokenRow(plan, app), ...skipped }] : []),
    ...plan.appSecrets.map((name) => ({ ...appSecretRow(app, name), ...skipped })),
  ];
}

async function checkApp(client: FlyClient, plan: FlyAccessPlan, app: string): Promise<Finding[]> {
  const token = tokenRow(plan, app);
  let org: string | undefined;
  try {
    const found = await client.getApp(app);
    org = found.organization?.slug;
    // An answer about another app, or without the organization asked about, says nothing about this one.
    const unreadable =
      found.name !== app
        ? `the API answered about another app (${redactAndShorten(found.name, 60)})`
        : plan.org !== undefined && org === undefined
          ? 'the answer names no organization'
          : undefined;
    if (unreadable !== undefined) {
      return [
        {
          ...token,
          category: 'unverified',
          verdict: `could not verify: GET /v1/apps/${app} → 200, but ${unreadable}`,
          fix: 'check that the api-url input points at the Fly Machines API, then re-run',
        },
        ...(await checkAppSecrets(client, plan, app)),
      ];
    }
  } catch (error) {
    const refused = await refusal(client, token, app, error);
    return [refused, ...notAsked(plan, app, `${plan.tokenName} cannot read app ${app}`, false)];
  }
  const access: Finding =
    plan.org !== undefined && org !== plan.org
      ? {
          ...token,
          category: 'invalid',
          verdict: `app ${app} belongs to the organization ${org ?? '(unknown)'}, not ${plan.org}`,
          fix: `check fly-org and the app name; if the app moved, create a deploy token in ${org ?? 'its organization'} with \`fly tokens create deploy -a ${app}\``,
        }
      : {
          ...token,
          category: 'ok',
          verdict: `can read app ${app}${org === undefined ? '' : ` in ${org}`}`,
          fix: '',
        };
  return [access, ...(await checkAppSecrets(client, plan, app))];
}

async function refusal(
  client: FlyClient,
  token: Pick<Finding, 'name' | 'subject' | 'level'>,
  app: string,
  error: unknown,
): Promise<Finding> {
  if (!(error instanceof FlyApiError)) throw error;
  const requestId = error.requestId === undefined ? {} : { requestId: error.requestId };
  const refusal = REFUSALS[error.status];
  if (refusal === undefined) {
    return {
      ...token,
      ...requestId,
      category: 'unverified',
      verdict: `could not verify: ${withoutRequestId(error)}`,
      fix: error.hint,
    };
  }
  const owner = error.status === 403 ? await tokenOwner(client) : '';
  const fill = (text: string): string => text.replaceAll('{app}', app).replaceAll('{token}', token.name);
  return {
    ...token,
    ...requestId,
    category: 'invalid',
    verdict: fill(refusal.verdict) + owner,
    fix: fill(refusal.fix),
  };
}

/** The error's message without its `(fly-request-id: …)`: findings show the id once, in a column of its own. */
function withoutRequestId(error: FlyApiError): string {
  return error.requestId === undefined
    ? error.message
    : error.message.replace(` (fly-request-id: ${error.requestId})`, '');
}

/** For a 403, which organization the token does cover: the question incident 1 could not answer. */
async function tokenOwner(client: FlyClient): Promise<string> {
  try {
    const { tokens } = await client.currentToken();
    const orgs = [...new Set(tokens.map((t) => t.org_slug ?? t.organization).filter((o) => o !== undefined))];
    return orgs.length === 0 ? '' : ` (the token belongs to ${orgs.join(', ')})`;
  } catch {
    return '';
  }
}

async function checkAppSecrets(client: FlyClient, plan: FlyAccessPlan, app: string): Promise<Finding[]> {
  if (plan.appSecrets.length === 0) return [];
  let names: Set<string>;
  try {
    names = new Set((await client.listSecrets(app)).map((s) => s.name));
  } catch (error) {
    const requestId =
      error instanceof FlyApiError && error.requestId !== undefined ? { requestId: error.requestId } : {};
    return plan.appSecrets.map((name) => ({
      ...appSecretRow(app, name),
      ...requestId,
      category: 'unverified' as const,
      verdict: `could not list the app's secrets: ${error instanceof FlyApiError ? withoutRequestId(error) : errorMessage(error)}`,
      fix: error instanceof FlyApiError ? error.hint : 'retry later',
    }));
  }
  return plan.appSecrets.map((name) => ({
    ...appSecretRow(app, name),
    ...(names.has(name)
      ? { category: 'ok' as const, verdict: 'set on Fly', fix: '' }
      : {
          category: 'missing' as const,
          verdict: `app ${app} has no secret ${name} on Fly`,
          fix: `set it with \`fly secrets set ${name}=… -a ${app}\``,
        }),
  }));
}
