import { describe, expect, test } from '@jest/globals';
import {
  createMasker,
  createStepLog,
  findLeaks,
  inputEnvName,
  leakForms,
  minimumSecretLength,
  parseKeyValueFile,
  parsePathFile,
  parseWorkflowCommand,
  runnerEncodings,
} from '../src/index.ts';
import type { LeakScanInput } from '../src/index.ts';

const base64 = (text: string): string => Buffer.from(text).toString('base64');

// actions/runner src/Runner.Worker/FileCommandManager.cs (EnvFileKeyValuePairs, AddPathFileCommand).
describe('file commands, as on a Linux runner', () => {
  test('read NAME=VALUE and heredoc blocks split on LF only: a CR stays in the value', () => {
    const text = 'a=1\r\nmulti<<EOF_1\nx=y\r\n\nz\nEOF_1\na=2\nempty=\n';
    expect(parseKeyValueFile(text)).toEqual({
      values: { a: '2', multi: 'x=y\r\n\nz', empty: '' },
    });
  });

  test('a CRLF delimiter line does not close the heredoc, and a line of only CR is an invalid format', () => {
    expect(parseKeyValueFile('v<<END\nabc\r\nEND\r\n').error).toBe(
      "Invalid value. Matching delimiter not found 'END'",
    );
    expect(parseKeyValueFile('a=1\n\r\nb=2\n')).toEqual({
      values: { a: '1' },
      error: "Invalid format '\r'",
    });
  });

  test('reject a missing delimiter, a value line without newline, an empty heredoc name, and plain text', () => {
    expect(parseKeyValueFile('v<<END\nabc\n').error).toBe(
      "Invalid value. Matching delimiter not found 'END'",
    );
    expect(parseKeyValueFile('v<<END\nabc').error).toBe('Invalid value. EOF marker missing new line.');
    expect(parseKeyValueFile('<<END\nEND\n').error).toBe(
      "Invalid format '<<END'. Name must not be empty and delimiter must not be empty",
    );
    expect(parseKeyValueFile('just text\n').error).toBe("Invalid format 'just text'");
  });

  test('accept `=value` with an empty name, since the runner checks the whole line for emptiness', () => {
    expect(parseKeyValueFile('=x\n')).toEqual({ values: { '': 'x' } });
  });

  test('GITHUB_PATH lines end at CR, LF or CRLF (File.ReadAllLines); only empty lines are skipped', () => {
    expect(parsePathFile('/a\r\n\n/b\r/c\n \n')).toEqual(['/a', '/b', '/c', ' ']);
  });
});

// actions/runner src/Runner.Common/ActionCommand.cs and src/Runner.Worker/ActionCommandManager.cs.
describe('workflow commands', () => {
  test('unescape message and properties as the runner does, case-sensitively', () => {
    expect(parseWorkflowCommand('::error file=a%3Ab.ts,line=3,title=x%2Cy::100%25%0Adone%0a')).toEqual({
      name: 'error',
      properties: { file: 'a:b.ts', line: '3', title: 'x,y' },
      message: '100%\ndone%0a',
    });
    expect(parseWorkflowCommand('::endgroup::')).toEqual({ name: 'endgroup', properties: {}, message: '' });
  });

  test('names are case-insensitive; unregistered names and text without a command are not commands', () => {
    expect(parseWorkflowCommand('::ADD-MASK::x')?.name).toBe('add-mask');
    expect(parseWorkflowCommand('  ::Warning title=t::w')).toMatchObject({ name: 'warning', message: 'w' });
    expect(parseWorkflowCommand('::set-secret::x')).toBeUndefined();
    expect(parseWorkflowCommand('plain :: text')).toBeUndefined();
  });

  test('the legacy ##[name k=v;…]data form is a command anywhere in a line', () => {
    expect(parseWorkflowCommand('Fly said: {"error":"##[stop-commands]tok3n-value"}')).toEqual({
      name: 'stop-commands',
      properties: {},
      message: 'tok3n-value"}',
    });
    expect(parseWorkflowCommand('x ##[error file=a%3Bb;line=2]bad%5D')).toEqual({
      name: 'error',
      properties: { file: 'a;b', line: '2' },
      message: 'bad]',
    });
    expect(parseWorkflowCommand('##[section]Starting')).toBeUndefined();
  });

  test('INPUT_ names upper-case, spaces to _, hyphens kept', () => {
    expect(inputEnvName('max-unavailable')).toBe('INPUT_MAX-UNAVAILABLE');
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT');
  });
});

// actions/runner src/Sdk/DTLogging/Logging/ValueEncoders.cs, registered in src/Runner.Common/HostContext.cs.
describe("masking with the runner's encoders only", () => {
  const value = 'p@ss "word"/<x>&\u00e9';

  test('the value, padded base64 of it and of value[1:] and value[2:], and the escaped forms', () => {
    expect(runnerEncodings(value)).toEqual([
      value,
      base64(value),
      Buffer.from(value).subarray(1).toString('base64'),
      Buffer.from(value).subarray(2).toString('base64'),
      'p@ss \\"word\\"/<x>&\u00e9',
      'p%40ss%20%22word%22%2F%3Cx%3E%26%C3%A9',
      'p@ss &quot;word&quot;/&lt;x&gt;&amp;\u00e9',
      'p@ss "word"/<x>&', // PowerShellPreAmpersandEscape: up to the last `&`
    ]);
  });

  test('the expression, double-quote and PowerShell ampersand encoders', () => {
    expect(runnerEncodings("it's")).toContain("it''s");
    expect(runnerEncodings('"quoted-secret"')).toContain('quoted-secret');
    expect(runnerEncodings('first&second&third-part')).toEqual(
      expect.arrayContaining(['first&second&', 'third-part']),
    );
    expect(runnerEncodings('abc\u2028')).toContain('abc\\u2028');
  });

  test('::add-mask:: registers the value and each trimmed line, and masks them', () => {
    const masker = createMasker();
    masker.add(`${value}\n  second-line \r\n`);
    expect(masker.values).toEqual([`${value}\n  second-line \r\n`, value, 'second-line']);
    for (const form of [value, 'second-line', base64(value), encodeURIComponent(value)]) {
      expect(masker.mask(`before ${form} after`)).toBe('before *** after');
    }
  });

  test('merges overlapping matches and ignores blank values', () => {
    const masker = createMasker();
    masker.add('abcdef');
    masker.add('defghi');
    masker.add('  ');
    expect(masker.values).toEqual(['abcdef', 'defghi']);
    expect(masker.mask('xxabcdefghiyy')).toBe('xx***yy');
  });

  test('base64 of the secret followed by a newline stays readable, as on the runner', () => {
    const masker = createMasker();
    const secret = 'fo1-secret-value-12'; // 19 bytes: its padded base64 ends in '=', which base64(secret + LF) lacks
    masker.add(secret);
    const encoded = base64(`${secret}\n`);
    expect(masker.mask(encoded)).toBe(encoded);
    expect(masker.mask(base64(secret))).toBe('***');
  });

  test('a secret inside a longer base64 stream is masked only where a padded encoder matches', () => {
    const masker = createMasker();
    masker.add('secret-value-123'); // 16 bytes: only value[1:] (15 bytes) encodes without padding
    // Masked: value[1:] starts a 3-byte group after 5 bytes; the whole value ends the stream after 3 bytes.
    expect(masker.mask(base64('user:secret-value-123 and more'))).toContain('***');
    expect(masker.mask(base64('ab:secret-value-123'))).toBe(`${base64('ab:').slice(0, 4)}***`);
    // Readable: after 4 bytes only value[2:] is aligned, and its padding does not match when text follows.
    for (const text of ['abcdsecret-value-123\n', 'secret-value-123 and more']) {
      expect(masker.mask(base64(text))).toBe(base64(text));
    }
  });
});

describe('the leak check sees more than the runner masks', () => {
  const secret = 'tok"en\\val?>?ue~~';
  const empty: LeakScanInput = {
    log: '',
    outputs: {},
    state: {},
    env: {},
    path: [],
    summary: '',
    annotations: [],
    files: {},
  };

  test.each([
    ['raw', secret],
    ['json', JSON.stringify(secret).slice(1, -1)],
    ['uri', encodeURIComponent(secret)],
    ['xml', 'tok&quot;en\\val?&gt;?ue~~'],
    ['base64', base64(secret)],
    ['base64', base64(`${secret}\n`)],
    ['base64', base64(`u:${secret}`)],
    ['base64url', Buffer.from(`ab${secret}`).toString('base64url')],
    ['hex', Buffer.from(secret).toString('hex')],
    ['hex', Buffer.from(secret).toString('hex').toUpperCase()],
  ])('finds the %s form (%s)', (form, text) => {
    const leaks = findLeaks([secret], { ...empty, outputs: { out: `x${text}y` } });
    expect(leaks).toContainEqual({ where: 'output', name: 'out', form, secret: 0 });
  });

  test('finds a trimmed secret and each line of a multi-line one', () => {
    const multi = '  -----BEGIN KEY-----\nMIIEowIBAAKCAQEA\n-----END KEY-----\n';
    expect(findLeaks([multi], { ...empty, log: 'key: MIIEowIBAAKCAQEA' })).toEqual([
      { where: 'log', form: 'raw', secret: 0 },
    ]);
    expect(findLeaks([' padded-secret '], { ...empty, log: '[padded-secret]' })).toHaveLength(1);
    expect(leakForms('ab\ncd', minimumSecretLength).map(({ text }) => text)).not.toContain('ab');
  });

  test('reads annotation properties, GITHUB_PATH entries, state, env, summary and files', () => {
    const leaks = findLeaks([secret], {
      ...empty,
      annotations: [{ title: `t ${secret}` }],
      path: [`/opt/${secret}`],
      state: { s: secret },
      env: { E: secret },
      summary: secret,
      files: { '/proof/p.json': secret },
    });
    expect(leaks.map(({ where }) => where).sort()).toEqual([
      'annotation',
      'env',
      'file',
      'path',
      'state',
      'summary',
    ]);
  });

  test('ignores secrets shorter than 4 characters and clean text', () => {
    expect(findLeaks(['abc'], { ...empty, log: 'abc abc' })).toEqual([]);
    expect(findLeaks([secret], { ...empty, log: 'nothing here', env: { A: '***' } })).toEqual([]);
  });
});

// actions/runner src/Runner.Worker/ActionCommandManager.cs and ExecutionContext.cs (AddIssue, Write).
describe('the step log processes commands as the runner does', () => {
  const logOf = (lines: string[], stepDebug = false): ReturnType<typeof createStepLog> => {
    const log = createStepLog(createMasker(), { stepDebug });
    for (const line of lines) log.line(line);
    return log;
  };

  test('##[stop-commands] anywhere in a line stops add-mask for the rest of the step: the secret is printed', () => {
    const log = logOf([
      'Fly answered 500: {"error":"##[stop-commands]fly-error-token"}',
      '::add-mask::hunter2-secret',
      'token: hunter2-secret',
      '::fly-error-token::', // the token is `fly-error-token"}`, so this does not resume
      'token: hunter2-secret',
    ]);
    expect(log.text().split('\n')).toEqual([
      'Fly answered 500: {"error":"##[stop-commands]***', // tokens over 6 characters are masked
      '::add-mask::hunter2-secret',
      'token: hunter2-secret',
      '::fly-error-token::',
      'token: hunter2-secret',
    ]);
  });

  test('commands resume at a line holding the stop token as a command', () => {
    const log = logOf([
      '::stop-commands::pause-1234',
      '::add-mask::early-secret',
      '::PAUSE-1234::',
      '::add-mask::late-secret',
      'early-secret late-secret',
    ]);
    expect(log.text().split('\n').slice(-2)).toEqual([
      '::PAUSE-1234::', // the token is masked case-sensitively, as registered
      'early-secret ***',
    ]);
  });

  test('an invalid stop token fails the step', () => {
    const log = logOf(['::stop-commands::add-mask']);
    expect(log.failed()).toBe(true);
    expect(log.annotations[0]?.message).toMatch(/^You cannot use a endToken that is an empty string/);
  });

  test('set-env and add-path are disabled and fail the step', () => {
    for (const line of ['::set-env name=A::b', '::ADD-PATH::/opt/x']) {
      const log = logOf([line]);
      expect(log.failed()).toBe(true);
      expect(log.annotations.map(({ message }) => message)).toEqual([
        `Unable to process command '${line}' successfully.`,
        expect.stringMatching(/command is disabled\. Please upgrade to using Environment Files/),
      ]);
    }
  });

  test('annotations: at most 10 per level are shown, messages cut at 4096, properties left unmasked', () => {
    const masker = createMasker();
    masker.add('title-secret');
    const log = createStepLog(masker, { stepDebug: false });
    for (let index = 0; index < 12; index++) log.line(`::warning::w${index}`);
    log.line(`::error title=has title-secret::${'e'.repeat(5000)} title-secret`);
    expect(log.annotations.filter(({ level }) => level === 'warning')).toHaveLength(10);
    expect(log.text()).toContain('##[warning]w11');
    const error = log.annotations.find(({ level }) => level === 'error');
    expect(error?.message).toHaveLength(4096);
    expect(error?.properties).toEqual({ title: 'has title-secret' });
    expect(log.annotationProperties).toContainEqual({ title: 'has title-secret' });
  });

  test('with step debug on, processed commands are echoed (masked) and debug lines kept', () => {
    const log = logOf(
      ['::add-mask::echo-secret', '::set-output name=o::echo-secret', '::debug::d1%0Ad2'],
      true,
    );
    expect(log.text().split('\n')).toEqual([
      '::add-mask::***',
      '::set-output name=o::***',
      expect.stringMatching(/^##\[warning\]The `set-output` command is deprecated/),
      '##[debug]d1',
      '##[debug]d2',
    ]);
  });
});
