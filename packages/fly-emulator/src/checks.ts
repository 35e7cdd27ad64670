import { httpGet } from './http.ts';
import type { CheckDefinition } from './machine-config.ts';

/** A check result in the spec's `CheckStatus` shape. */
export interface CheckStatus {
  name: string;
  status: 'passing' | 'warning' | 'critical';
  output: string;
  updated_at: string;
}

/** Runs one check against a machine's server as Fly's does: HTTP 2xx passes, anything else is critical. */
export async function probeCheck(
  check: CheckDefinition,
  port: number,
): Promise<Pick<CheckStatus, 'status' | 'output'>> {
  if (check.type !== 'http') return { status: 'passing', output: 'Success' };
  try {
    const res = await httpGet(`http://127.0.0.1:${port}${check.path}`, check.timeoutMs);
    const ok = res.status >= 200 && res.status < 300;
    return {
      status: ok ? 'passing' : 'critical',
      output: `GET ${check.path}: HTTP ${res.status} ${res.body.slice(0, 200)}`,
    };
  } catch (error) {
    return { status: 'critical', output: `GET ${check.path}: ${(error as Error).message}` };
  }
}
