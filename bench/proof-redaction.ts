// Streaming redaction of a large log, as proof-upload does it: prints throughput and peak RSS.
// Run: npm exec -- node bench/proof-redaction.ts [size in MiB, default 1024] (npm run bench runs it too)
// The log is generated in the OS temp folder (and removed): ordinary lines, with a registered secret, a secret
// wrapped over two lines and credentials nobody registered every few thousand lines.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { redactStream, registerSecret, tallyTotal } from '@deploy-actions/core';

const sizeMiB = Number(process.argv[2] ?? '1024');
const REGISTERED = 'bench-Registered-Secret-4f9Qz7Lm2Xc8';
const LINES = [
  '2026-11-27T04:00:00.000Z info  request handled method=GET path=/api/v1/items status=200 dur=12ms\n',
  '2026-11-27T04:00:00.001Z debug cache hit key=items:page:3 size=18234 ttl=300s region=ams\n',
  '2026-11-27T04:00:00.002Z warn  slow query table=orders rows=48210 dur=812ms plan=seq-scan\n',
];
const SPECIALS = [
  `2026-11-27T04:00:00.003Z info  token ${REGISTERED} accepted\n`,
  `2026-11-27T04:00:00.004Z info  wrapped ${REGISTERED.slice(0, 15)}\n${REGISTERED.slice(15)} end\n`,
  `2026-11-27T04:00:00.005Z error upstream said {"token":"ghp_${'aB3xY7kQ9mZ2'.repeat(3)}"}\n`,
  `2026-11-27T04:00:00.006Z info  Authorization: Bearer ${'Zq9Lm2Xc8'.repeat(4)}\n`,
];

async function generate(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  let n = 0;
  while (written < bytes) {
    let block = '';
    for (let i = 0; i < 4000; i++, n++)
      block += n % 5000 === 4999 ? SPECIALS[((n / 5000) % 4) | 0] : LINES[n % 3];
    written += Buffer.byteLength(block);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// registerSecret prints ::add-mask:: commands; keep them out of the figures.
const print = console.log.bind(console);
const stdoutWrite = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;

const dir = await mkdtemp(path.join(tmpdir(), 'bench-redaction-'));
try {
  const input = path.join(dir, 'big.log');
  await generate(input, sizeMiB * 1024 * 1024);
  const inputBytes = (await stat(input)).size;
  const rssBefore = process.resourceUsage().maxRSS;
  registerSecret(REGISTERED);
  const tally = new Map<string, number>();
  const started = performance.now();
  await pipeline(
    createReadStream(input),
    (source: AsyncIterable<Buffer>) => redactStream(source, tally),
    createWriteStream(path.join(dir, 'redacted.log')),
  );
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write = stdoutWrite;
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  print(`input            ${(inputBytes / 1048576).toFixed(0)} MiB`);
  console.log(
    `time             ${seconds.toFixed(1)} s (${(inputBytes / 1048576 / seconds).toFixed(1)} MiB/s)`,
  );
  print(`redactions       ${tallyTotal(tally)} ${JSON.stringify(Object.fromEntries(tally))}`);
  console.log(
    `peak RSS         ${peakMiB.toFixed(0)} MiB (before redaction: ${(rssBefore / 1024).toFixed(0)} MiB)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
