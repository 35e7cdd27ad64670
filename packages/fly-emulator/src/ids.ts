import { randomBytes, randomInt } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (26 Crockford base32 characters, time-ordered), the shape Fly uses for versions and event ids. */
export function ulid(now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)].map((b) => CROCKFORD[b % 32]!).join('');
  return time + random;
}

/** A Fly-like machine id: 14 lowercase hex characters. */
export function machineId(): string {
  return randomBytes(7).toString('hex');
}

/** A lease nonce. */
export function leaseNonce(): string {
  return randomBytes(8).toString('hex');
}

/** A unique value for the `fly-request-id` header. */
export function requestId(): string {
  return `${ulid()}-emu`;
}

const ADJECTIVES = ['morning', 'quiet', 'bold', 'late', 'small', 'broken', 'red', 'wild', 'young', 'dry'];
const NOUNS = ['sun', 'river', 'leaf', 'night', 'stone', 'cloud', 'field', 'snow', 'wave', 'pine'];

/** A Fly-like machine name such as `quiet-river-4821`. */
export function machineName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]!}-${NOUNS[randomInt(NOUNS.length)]!}-${randomInt(1000, 10000)}`;
}

/** A 6PN-looking private address. */
export function privateIp(): string {
  return `fdaa:0:1:a7b:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}:2`;
}
