/**
 * The leak census: secrets in the forms a deploy's evidence really holds them, for tests that must prove none of
 * them survives (proof-upload's artifact, evidence-gate's reads). Registered values reach the step through `env`
 * or an input; the others are credentials nobody registered, which only the detectors can find.
 */

/** One way a secret shows up in a log, and the text that must not survive redaction. */
export interface LeakForm {
  /** What the form is, for a failing test's message. */
  label: string;
  /** The text written into the log. */
  written: string;
  /** Stretches of it that reveal the secret: none may be found after redaction. */
  reveals: string[];
}

/** Fake but well-formed token material, different for each seed. */
export function tokenChars(length: number, seed: number): string {
  const alphabet = 'aB3xY7kQ9mZ2pL5vN8cR4tW6hJ1dF0gS';
  return Array.from(
    { length },
    (_, i) => alphabet[(i * 7 + seed * 13 + ((i * seed) % 5)) % alphabet.length],
  ).join('');
}

const MACAROON_A = `fm2_${tokenChars(64, 1)}`;
const MACAROON_B = `fm2_${tokenChars(48, 2)}`;
/** Registered through the step's env as `FLY_API_TOKEN`: a comma-joined token, as `fly tokens create` prints. */
export const FLY_API_TOKEN = `FlyV1 ${MACAROON_A},${MACAROON_B}`;
const DB_PASSWORD = 'S3cret/Db+Pass!9';
/** Registered as `DATABASE_URL` (a `*_URL` with credentials). */
export const DATABASE_URL = `postgres://app:${encodeURIComponent(DB_PASSWORD)}@db.internal:5432/app`;
/** Registered through the `redact` input: nothing about it says it is a secret. */
export const OPAQUE_SECRET = 'opaque/Vendor+Secret=93fZ! q"uo\\te';
/** Registered as `VENDOR_API_KEY`. */
export const VENDOR_API_KEY = `vk_live_${tokenChars(40, 3)}`;

/** The registered values and where a step gets them. */
export const REGISTERED = {
  env: { FLY_API_TOKEN, DATABASE_URL, VENDOR_API_KEY },
  redactInput: OPAQUE_SECRET,
  values: [FLY_API_TOKEN, MACAROON_A, MACAROON_B, DATABASE_URL, DB_PASSWORD, OPAQUE_SECRET, VENDOR_API_KEY],
};

const PEM_BODY = [tokenChars(64, 4), tokenChars(64, 5), tokenChars(40, 6)];
const UNREGISTERED = {
  github: `ghp_${tokenChars(36, 7)}`,
  githubPat: `github_pat_${tokenChars(22, 8)}_${tokenChars(59, 9)}`,
  installation: `ghs_${tokenChars(36, 10)}`,
  jwt: `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXBsb3kiLCJpc3MiOiJjaSJ9.${tokenChars(86, 11)}`,
  aws: 'AKIA' + 'Q7X2M4N6P8R3T5V9'.slice(0, 16),
  bearer: tokenChars(44, 12),
  urlPassword: `hunter2-${tokenChars(12, 13)}`,
  flyOrg: `fo1_${tokenChars(43, 14)}`,
  flyJoined: [`fm2_${tokenChars(50, 15)}`, `fm2_${tokenChars(40, 16)}`],
};

function base64At(offset: number, secret: string): { written: string; reveals: string } {
  // The secret after `offset` bytes of other data, as in a base64 blob (a docker config, a kubeconfig).
  const prefix = 'abc'.slice(0, offset);
  const written = Buffer.from(`${prefix}${secret}:trailing-data`).toString('base64');
  // The characters that depend on the secret's bytes alone.
  const lead = [0, 2, 3][offset] ?? 0;
  const core = Buffer.from(`${prefix}${secret}`).toString('base64').replace(/=+$/, '').slice(lead, -1);
  return { written, reveals: core };
}

function hex(text: string): string {
  return Buffer.from(text).toString('hex');
}

/** Every form, at least 25, each on its own line(s) of a build log. */
export function leakForms(): LeakForm[] {
  const b0 = base64At(0, VENDOR_API_KEY);
  const b1 = base64At(1, VENDOR_API_KEY);
  const b2 = base64At(2, VENDOR_API_KEY);
  const half = Math.floor(VENDOR_API_KEY.length / 2);
  const pem = ['-----BEGIN RSA PRIVATE KEY-----', ...PEM_BODY, '-----END RSA PRIVATE KEY-----'].join('\n');
  const forms: LeakForm[] = [
    {
      label: 'Fly token whole',
      written: `FLY_API_TOKEN=${FLY_API_TOKEN}`,
      reveals: [MACAROON_A, MACAROON_B],
    },
    { label: 'first macaroon alone', written: `using ${MACAROON_A}`, reveals: [MACAROON_A] },
    { label: 'second macaroon alone', written: `discharge ${MACAROON_B} ok`, reveals: [MACAROON_B] },
    {
      label: 'Fly token without its scheme',
      written: `token=${MACAROON_A},${MACAROON_B}`,
      reveals: [MACAROON_A, MACAROON_B],
    },
    {
      label: 'macaroon echoed in an API error body',
      written: `Error: 401 {"error":"unauthorized","detail":"token ${MACAROON_B} is not valid for app acme-web"}`,
      reveals: [MACAROON_B],
    },
    {
      label: 'database URL',
      written: `connecting to ${DATABASE_URL}`,
      reveals: [DB_PASSWORD, encodeURIComponent(DB_PASSWORD)],
    },
    { label: 'database password alone', written: `PGPASSWORD=${DB_PASSWORD}`, reveals: [DB_PASSWORD] },
    {
      label: 'database password percent-encoded',
      written: `password=${encodeURIComponent(DB_PASSWORD)}`,
      reveals: [encodeURIComponent(DB_PASSWORD)],
    },
    { label: 'opaque secret raw', written: `vendor secret: ${OPAQUE_SECRET}`, reveals: [OPAQUE_SECRET] },
    {
      label: 'opaque secret JSON-escaped',
      written: `{"secret":${JSON.stringify(OPAQUE_SECRET)}}`,
      reveals: [JSON.stringify(OPAQUE_SECRET).slice(1, -1)],
    },
    {
      label: 'opaque secret URL-encoded',
      written: `GET /callback?s=${encodeURIComponent(OPAQUE_SECRET)}`,
      reveals: [encodeURIComponent(OPAQUE_SECRET)],
    },
    {
      label: 'opaque secret XML-escaped',
      written: `<secret>${OPAQUE_SECRET.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</secret>`,
      reveals: [OPAQUE_SECRET.replace(/&/g, '&amp;').replace(/"/g, '&quot;')],
    },
    { label: 'API key base64, aligned', written: `auth=${b0.written}`, reveals: [b0.reveals] },
    { label: 'API key base64, one byte in', written: `auth=${b1.written}`, reveals: [b1.reveals] },
    { label: 'API key base64, two bytes in', written: `auth=${b2.written}`, reveals: [b2.reveals] },
    {
      label: 'API key base64url',
      written: `state=${Buffer.from(VENDOR_API_KEY).toString('base64url')}`,
      reveals: [Buffer.from(VENDOR_API_KEY).toString('base64url').slice(0, -2)],
    },
    { label: 'API key hex', written: `dump ${hex(VENDOR_API_KEY)}`, reveals: [hex(VENDOR_API_KEY)] },
    {
      label: 'API key HEX',
      written: `DUMP ${hex(VENDOR_API_KEY).toUpperCase()}`,
      reveals: [hex(VENDOR_API_KEY).toUpperCase()],
    },
    {
      label: 'API key split across a line break',
      written: `key=${VENDOR_API_KEY.slice(0, half)}\n${VENDOR_API_KEY.slice(half)} (wrapped)`,
      reveals: [VENDOR_API_KEY.slice(0, half), VENDOR_API_KEY.slice(half)],
    },
    { label: 'unregistered multi-line PEM key', written: pem, reveals: PEM_BODY },
    {
      label: 'unregistered PEM key in a JSON string',
      written: JSON.stringify({ private_key: pem }),
      reveals: PEM_BODY,
    },
    {
      label: 'unregistered GitHub token',
      written: `GH_TOKEN=${UNREGISTERED.github}`,
      reveals: [UNREGISTERED.github],
    },
    {
      label: 'unregistered fine-grained PAT',
      written: `pat ${UNREGISTERED.githubPat}`,
      reveals: [UNREGISTERED.githubPat],
    },
    {
      label: 'unregistered installation token in JSON',
      written: `{"token":"${UNREGISTERED.installation}","expires_at":"2026-11-27T05:00:00Z"}`,
      reveals: [UNREGISTERED.installation],
    },
    {
      label: 'unregistered JWT',
      written: `id_token=${UNREGISTERED.jwt}`,
      reveals: [UNREGISTERED.jwt.split('.')[2] ?? ''],
    },
    {
      label: 'unregistered AWS access key id',
      written: `aws_access_key_id = ${UNREGISTERED.aws}`,
      reveals: [UNREGISTERED.aws],
    },
    {
      label: 'unregistered Authorization header',
      written: `> Authorization: Bearer ${UNREGISTERED.bearer}`,
      reveals: [UNREGISTERED.bearer],
    },
    {
      label: 'unregistered credentials in a URL',
      written: `git clone https://deployer:${UNREGISTERED.urlPassword}@git.example.com/acme/web.git`,
      reveals: [UNREGISTERED.urlPassword],
    },
    {
      label: 'unregistered Fly org token in an error page',
      written: `<html><body>invalid token ${UNREGISTERED.flyOrg}</body></html>`,
      reveals: [UNREGISTERED.flyOrg],
    },
    {
      label: 'unregistered comma-joined macaroons',
      written: `fly: FlyV1 ${UNREGISTERED.flyJoined.join(',')}`,
      reveals: UNREGISTERED.flyJoined,
    },
  ];
  return forms;
}

/** The whole census as one build log, ordinary lines between the forms. */
export function leakCensusLog(): string {
  return leakForms()
    .map(
      (form, i) =>
        `2026-11-27T04:00:${String(i).padStart(2, '0')}Z step ${i}: ${form.written}\nordinary line ${i}`,
    )
    .join('\n')
    .concat('\n');
}

/** Every stretch that must not survive, with the label of its form. */
export function revealingTexts(): { label: string; text: string }[] {
  return leakForms().flatMap((form) =>
    form.reveals.filter((text) => text.length >= 8).map((text) => ({ label: form.label, text })),
  );
}
