import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerSecret, resetSecretsForTests } from '../src/secrets.ts';
import {
  summaryCode,
  summaryHeading,
  summaryList,
  summaryMermaid,
  summaryParagraph,
  summaryTable,
  writeSummary,
} from '../src/summary.ts';
import { stubEnv } from '@deploy-actions/core/testing';
import { captureStdout, tempDir } from './helpers.ts';

let cleanup: () => Promise<void>;
let restoreEnv: () => void;
let file: string;

// core.summary remembers the file path for the life of the process, so every test shares one file.
beforeAll(async () => {
  const temp = await tempDir();
  file = join(temp.dir, 'summary.md');
  restoreEnv = stubEnv({ GITHUB_STEP_SUMMARY: file });
  cleanup = temp.remove;
});

beforeEach(() => writeFile(file, ''));

afterEach(resetSecretsForTests);

afterAll(async () => {
  restoreEnv();
  await cleanup();
});

describe('writeSummary', () => {
  test('writes headings, paragraphs, tables, lists and code, escaped and redacted', async () => {
    await captureStdout(() => registerSecret('pg-password-123'));
    await writeSummary([
      summaryHeading('Health <gate>'),
      summaryParagraph('5 of 6 down\nsee below'),
      summaryTable(
        ['service', 'verdict', 'HTTP', 'note'],
        [
          ['api', 'fail', 0, 'postgres://u:pg-password-123@db'],
          ['web|x', 'pass', 200, ''],
        ],
      ),
      summaryList(['a & b', '<script>']),
      summaryCode('line 1\n\nline <3>'),
    ]);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('pg-password-123');
    expect(text.trim().split('\n')).toEqual([
      '<h2>Health &lt;gate&gt;</h2>',
      '<p>5 of 6 down<br>see below</p>',
      '<table><tr><th>service</th><th>verdict</th><th>HTTP</th><th>note</th></tr>' +
        '<tr><td>api</td><td>fail</td><td>0</td><td>postgres://u:***@db</td></tr>' +
        '<tr><td>web|x</td><td>pass</td><td>200</td><td>&nbsp;</td></tr></table>',
      '<ul><li>a &amp; b</li><li>&lt;script&gt;</li></ul>',
      '<pre><code>line 1',
      '',
      'line &lt;3&gt;</code></pre>',
    ]);
  });

  test('a mermaid diagram is a fenced block between blank lines, redacted, never closing its fence early', async () => {
    await captureStdout(() => registerSecret('pg-password-123'));
    await writeSummary([
      summaryHeading('Chart', 3),
      summaryMermaid('gantt\n  section pg-password-123\n  a ```b'),
      summaryParagraph('after'),
    ]);
    expect(await readFile(file, 'utf8')).toBe(
      [
        '<h3>Chart</h3>',
        '',
        '```mermaid',
        'gantt',
        '  section ***',
        "  a '''b",
        '```',
        '',
        '<p>after</p>',
        '',
      ].join('\n'),
    );
  });

  test('appends to what earlier steps wrote', async () => {
    await writeFile(file, 'earlier\n');
    await writeSummary([summaryParagraph('later')]);
    expect(await readFile(file, 'utf8')).toBe('earlier\n<p>later</p>\n');
  });

  test('does nothing outside a runner', async () => {
    const restore = stubEnv({ GITHUB_STEP_SUMMARY: undefined });
    try {
      const { output } = await captureStdout(() => writeSummary([summaryParagraph('x')]));
      expect(output).toBe('::debug::GITHUB_STEP_SUMMARY is not set; skipping the step summary\n');
    } finally {
      restore();
    }
    expect(await readFile(file, 'utf8')).toBe('');
  });
});
