// How long `npm run demo` takes end to end (stand-ins started, both runs of fly-deploy.yml, both proofs downloaded
// and verified), and how that time splits between the steps. The demo means to finish within a minute; this prints
// the figure, it asserts nothing.
import { runDemo } from '../demo/run.ts';

const outcome = await runDemo({}, () => {});
const steps = outcome.runs.flatMap(({ title, run }) =>
  run.steps
    .filter((step) => step.result !== undefined)
    .map((step) => ({
      label: `${title} ${step.uses.replace(/^\$\//, '')}`,
      ms: step.finishedAt - step.startedAt,
    })),
);
const inSteps = steps.reduce((sum, step) => sum + step.ms, 0);
console.log(
  `npm run demo, Node ${process.version}: ${(outcome.elapsedMs / 1000).toFixed(1)} s end to end (target: under 60 s)`,
);
console.log(
  `  ${(inSteps / 1000).toFixed(1)} s in ${steps.length} steps, the rest starting the stand-ins and verifying proofs`,
);
for (const step of steps.sort((a, b) => b.ms - a.ms).slice(0, 5)) {
  console.log(`  ${(step.ms / 1000).toFixed(1).padStart(6)} s  ${step.label}`);
}
console.log(
  `  expected outcomes held: ${outcome.checks.list.length - outcome.checks.failed().length} of ${outcome.checks.list.length}`,
);
