import { describe, expect, test } from '@jest/globals';
import { flyctlDownloadUrl, pushedImage } from '../src/build.ts';
import { parseSecretLines } from '../src/inputs.ts';

describe('parseSecretLines', () => {
  test('NAME=value lines into a Map; user names such as __proto__ are plain keys', () => {
    const { secrets, problems } = parseSecretLines(
      'A=1234-abcd\n# comment\n\n__proto__=x-y-z-w\nB = spaced value ',
    );
    expect(problems).toEqual([]);
    expect([...secrets]).toEqual([
      ['A', '1234-abcd'],
      ['__proto__', 'x-y-z-w'],
      ['B', 'spaced value'],
    ]);
  });

  test('every bad line is named by number, never by its text', () => {
    const { problems } = parseSecretLines('not a line\nA=1\nA=2\nB=\n9X=v');
    expect(problems).toEqual([
      'line 1 is not NAME=value',
      'line 3 sets A again',
      'line 4 gives B no value',
      'line 5 is not NAME=value',
    ]);
  });
});

describe('the flyctl boundary', () => {
  test('the image flyctl reports as pushed is read from its `image:` line', () => {
    expect(
      pushedImage('==> Building image\nimage: registry.fly.io/web:deployment-01ABC\nimage size: 42 MB\n'),
    ).toBe('registry.fly.io/web:deployment-01ABC');
    expect(pushedImage('no such line')).toBeUndefined();
  });

  test("flyctl's Linux archive follows its release naming", () => {
    expect(flyctlDownloadUrl('0.3.200')).toBe(
      'https://github.com/superfly/flyctl/releases/download/v0.3.200/flyctl_0.3.200_Linux_x86_64.tar.gz',
    );
  });
});
