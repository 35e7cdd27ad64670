// Figures for the streaming redactor: building the matcher for a lot of secret material, and streaming throughput (what
// proof-upload needs for large files). Run: node bench/redaction-stream.ts (npm run bench runs it too)
import { createRedactor, registerSecret } from '@deploy-actions/core';

const stdoutWrite = process.stdout.write.bind(process.stdout);
// registerSecret prints ::add-mask:: commands; keep them out of the figures.
process.stdout.write = () => true;

const kubeconfig = Buffer.from('k8s-config-line '.repeat(1300)).toString('base64');
const pems = Array.from(
  { length: 12 },
  (_, i) =>
    `-----BEGIN KEY-----\n${Array.from({ length: 40 }, (_, j) => `key-${i}-${j}-`.padEnd(64, 'Q')).join('\n')}\n-----END KEY-----`,
);
const many = Array.from({ length: 300 }, (_, i) => `secret-value-${i}-`.padEnd(90, 'z'));

let started = performance.now();
for (const value of [kubeconfig, ...pems, ...many]) registerSecret(value);
const redactor = createRedactor();
const buildMs = performance.now() - started;

const chunk = `${'log line with nothing secret in it, '.repeat(1800)}${many[42] ?? ''}\n`;
const total = 64 * 1024 * 1024;
let written = 0;
let redactedLength = 0;
started = performance.now();
while (written < total) {
  redactedLength += redactor.write(chunk).length;
  written += chunk.length;
}
redactedLength += redactor.end().length;
const seconds = (performance.now() - started) / 1000;
const heapMb = process.memoryUsage().heapUsed / 1e6;

process.stdout.write = stdoutWrite;
const material = kubeconfig.length + pems.join('').length + many.join('').length;
console.log(`secret material: ${Math.round(material / 1024)} KiB in ${1 + pems.length + many.length} values`);
console.log(`matcher built (with registration) in ${buildMs.toFixed(0)} ms; heap ${heapMb.toFixed(0)} MB`);
console.log(
  `streamed ${Math.round(written / 1e6)} MB in ${seconds.toFixed(2)} s: ${(written / 1e6 / seconds).toFixed(0)} MB/s (${redactedLength} characters out)`,
);
