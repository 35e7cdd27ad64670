// One redaction scenario, in a process of its own so its peak memory is its own:
//   node bench/redaction.ts <secrets> <MiB>
// registers <secrets> random secrets with core's registry, builds <MiB> of log-like text holding some of them (raw,
// base64, JSON-escaped), redacts it, and prints one JSON line of figures for bench/run.ts.
import { createHash } from 'node:crypto';
import { redact, REDACTED, registerSecret } from '@deploy-actions/core';

const [secretCount = 100, mebibytes = 8] = process.argv.slice(2).map(Number);

/** Deterministic pseudo-random secrets, so every run redacts the same text. */
function secretNumber(i: number): string {
  return createHash('sha256').update(`bench-secret-${i}`).digest('base64url').slice(0, 32);
}

const secrets = Array.from({ length: secretCount }, (_, i) => secretNumber(i));

// registerSecret tells the runner to mask each piece (`::add-mask::` on stdout); here there is no runner, and the
// protocol lines would bury the figures, so stdout is silenced while registering.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;
const registerStarted = performance.now();
for (const secret of secrets) registerSecret(secret);
const registerMs = performance.now() - registerStarted;
process.stdout.write = write;

// Log-like lines; one in 50 carries a secret in one of the forms redact must catch.
const lines: string[] = [];
let size = 0;
for (let i = 0; size < mebibytes * 1024 * 1024; i++) {
  let line = `2026-11-27T04:00:00.${String(i % 1000).padStart(3, '0')}Z machine 1781e0b${i % 97} state=started region=ams check=http ok`;
  if (i % 50 === 0) {
    const secret = secrets[i % secrets.length] ?? '';
    const forms = [secret, Buffer.from(secret).toString('base64'), JSON.stringify({ token: secret })];
    line += ` env=${forms[i % forms.length] ?? ''}`;
  }
  lines.push(line);
  size += line.length + 1;
}
const text = lines.join('\n');

// The first call builds the pattern; later ones reuse it, as in an action that logs many times.
const firstStarted = performance.now();
let redacted = redact(text);
const firstMs = performance.now() - firstStarted;
const runs: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  redacted = redact(text);
  runs.push(performance.now() - started);
}
const steadyMs = runs.sort((a, b) => a - b)[1] ?? 0;
const replaced = redacted.split(REDACTED).length - 1;
const leaked = secrets.filter((secret) => redacted.includes(secret)).length;

console.log(
  JSON.stringify({
    secrets: secretCount,
    mebibytes: text.length / 1024 / 1024,
    registerMs,
    firstMs,
    steadyMs,
    replaced,
    leaked,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
