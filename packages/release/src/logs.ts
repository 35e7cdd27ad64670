import { FlyApiError, errorMessage, type FlyClient } from '@deploy-actions/core';

/** A machine's recent log lines, or why they could not be read and how to see them. */
export type MachineLogs = { lines: string[] } | { unavailable: string };

/** Reads a machine's log lines newer than `sinceMs` (epoch ms, as Fly stamps them). */
export type LogReader = (machineId: string, sinceMs: number) => Promise<MachineLogs>;

/** At most this many lines are shown per failed machine: the end of the story, not all of it. */
export const MAX_LOG_LINES = 30;

/**
 * A {@link LogReader} over Fly's logs endpoint (superfly/fly-go `resource_logs.go`), on a client whose `apiUrl` is
 * Fly's platform API. Deploy tokens may be refused the logs (flyctl says so after a failed release command): the
 * answer then says how to see them instead.
 */
export function flyLogReader(platform: FlyClient, app: string): LogReader {
  return async (machineId, sinceMs) => {
    const how = `see them with \`fly logs -a ${app} -i ${machineId}\` or on https://fly.io/apps/${app}/monitoring`;
    try {
      const entries = await platform.getAppLogs(app, { instance: machineId });
      const lines = entries
        .filter((e) => {
          const at = e.timestamp === undefined ? Number.NaN : Date.parse(e.timestamp);
          return Number.isNaN(at) || at >= sinceMs;
        })
        .map((e) => `${e.timestamp ?? ''} ${e.message}`.trim());
      return { lines: lines.slice(-MAX_LOG_LINES) };
    } catch (e) {
      if (e instanceof FlyApiError && (e.status === 401 || e.status === 403)) {
        return { unavailable: `the token may not read the app's logs (deploy tokens often cannot); ${how}` };
      }
      return { unavailable: `could not read the logs (${errorMessage(e)}); ${how}` };
    }
  };
}
