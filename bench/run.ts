// npm run bench: benchmarks that print figures (never assertions, never part of npm test). Today: redaction
// (packages/core/src/secrets.ts) throughput and peak memory over a large text, by number of registered secrets;
// proof-upload's file redaction; `npm run demo` end to end.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

interface RedactionFigures {
  secrets: number;
  mebibytes: number;
  registerMs: number;
  firstMs: number;
  steadyMs: number;
  replaced: number;
  leaked: number;
  peakRssMiB: number;
}

const scenarios: [secrets: number, mebibytes: number][] = [
  [10, 8],
  [100, 8],
  [500, 8],
  [100, 64],
];

const script = fileURLToPath(new URL('redaction.ts', import.meta.url));
console.log(`redaction, Node ${process.version}, one process per row (peak RSS is that process's)`);
console.log(
  ['secrets', 'text', 'register', 'first redact', 'redact', 'throughput', 'replaced', 'leaked', 'peak RSS']
    .map((h) => h.padStart(14))
    .join(''),
);
for (const [secrets, mebibytes] of scenarios) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [script, String(secrets), String(mebibytes)],
    {
      maxBuffer: 1024 * 1024,
    },
  );
  const f = JSON.parse(stdout) as RedactionFigures;
  const cells = [
    String(f.secrets),
    `${f.mebibytes.toFixed(1)} MiB`,
    `${f.registerMs.toFixed(1)} ms`,
    `${f.firstMs.toFixed(0)} ms`,
    `${f.steadyMs.toFixed(0)} ms`,
    `${(f.mebibytes / (f.steadyMs / 1000)).toFixed(1)} MiB/s`,
    String(f.replaced),
    String(f.leaked),
    `${f.peakRssMiB.toFixed(0)} MiB`,
  ];
  console.log(cells.map((c) => c.padStart(14)).join(''));
}

// proof-upload's whole file path (decoding, registered secrets, detectors) over a generated 1 GiB log.
const proofRedaction = fileURLToPath(new URL('proof-redaction.ts', import.meta.url));
console.log(`\nproof-upload file redaction (redactStream) of a generated 1 GiB log, Node ${process.version}`);
console.log(
  (
    await promisify(execFile)(process.execPath, [proofRedaction, '1024'], { maxBuffer: 1024 * 1024 })
  ).stdout.trimEnd(),
);

// npm run demo end to end, with the steps that take longest.
const demo = fileURLToPath(new URL('demo.ts', import.meta.url));
console.log(
  `\n${(await promisify(execFile)(process.execPath, [demo], { maxBuffer: 1024 * 1024 })).stdout.trimEnd()}`,
);
