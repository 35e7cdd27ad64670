import { describe, expect, test } from '@jest/globals';
import { MAX_SERVICES, readManifest } from '../src/manifest.ts';

function problems(text: string): string[] {
  const result = readManifest(text);
  return result.ok ? [] : result.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('readManifest', () => {
  test('a few aliases (shared settings) are fine and expand into each service', () => {
    const result = readManifest(`services:
  - &web { name: web, app: acme-web, image: "a:1", health-targets: &targets [https://a.test/health] }
  - { name: api, app: acme-api, config: api/fly.toml, health-targets: *targets }
`);
    expect(result.ok && result.services.map((s) => s['health-targets'])).toEqual([
      'https://a.test/health',
      'https://a.test/health',
    ]);
  });

  test('an unquoted version that YAML reads as a number is refused, naming the value as read', () => {
    expect(
      problems('services:\n  - { name: web, app: acme-web, image: "a:1", expect-version: 1.20 }\n'),
    ).toEqual([
      '2: service "web" (services[0]), key `expect-version`: got "1.2" (YAML read a number: quote the value); expected the release the health targets must answer with',
    ]);
  });

  test('a key set to null counts as not set (defaults apply); a required one is still missing', () => {
    const result = readManifest('services:\n  - { name: web, app: acme-web, image: "a:1", strategy: ~ }\n');
    expect(result.ok && result.services[0]?.strategy).toBe('rolling');
    expect(problems('services:\n  - { name: web, app: ~, image: "a:1" }\n')).toEqual([
      '2: service "web" (services[0]): key `app` is missing; expected a Fly app name (lower-case letters, digits and dashes)',
    ]);
  });

  test(`exactly ${MAX_SERVICES} services pass; every problem of every service is reported in line order`, () => {
    const many = Array.from(
      { length: MAX_SERVICES },
      (_, i) => `  - { name: s${i}, app: a-${i}, image: "i:1" }`,
    );
    expect(readManifest(`services:\n${many.join('\n')}\n`).ok).toBe(true);
    expect(
      problems(
        'services:\n  - { name: a, app: A, image: "i:1" }\n  - { name: b, app: b }\n  - { name: c, app: c, image: "i:1", x: 1 }\n',
      ),
    ).toEqual([
      expect.stringMatching(/^2: service "a" \(services\[0\]\), key `app`/),
      expect.stringMatching(/^3: service "b" \(services\[1\]\): needs `image`/),
      expect.stringMatching(/^4: services\[2\]: key "x" is not a service key/),
    ]);
  });
});
