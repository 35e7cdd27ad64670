import * as core from '@actions/core';
import { formatDuration } from './durations.ts';
import { redact } from './secrets.ts';

/** Where an annotation points and what it is titled; every field is optional. */
export interface AnnotationOptions {
  /** Bold title shown above the message in the UI. */
  title?: string;
  /** Repository-relative file the annotation belongs to. */
  file?: string;
  /** First line in `file`. */
  line?: number;
}

/**
 * Redacts secrets and defuses workflow commands: text we log may come from apps or APIs, and the runner would
 * execute a line of it starting with `::` (`::add-mask::`, `::stop-commands::`, …) or holding the legacy `##[`
 * form anywhere (`##[stop-commands]token`). A zero-width space keeps both readable but inert.
 */
export function cleanLogText(text: string): string {
  return redact(text)
    .replace(/^(\s*)::/gm, '$1:\u200b:')
    .replace(/##\[/g, '##\u200b[');
}

const clean = cleanLogText;

function annotation(options: AnnotationOptions | undefined): core.AnnotationProperties | undefined {
  if (options === undefined) return undefined;
  return {
    ...(options.title === undefined ? {} : { title: clean(options.title) }),
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(options.line === undefined ? {} : { startLine: options.line }),
  };
}

/** Reports a long wait now and then; see {@link log}.progress. */
export interface Progress {
  /** Logs "still waiting for …" if at least the interval has passed since the start or the last such line. */
  tick(detail?: string): void;
  /** Milliseconds since the progress started. */
  elapsed(): number;
}

/** Options of {@link log}.progress. */
export interface ProgressOptions {
  /** The whole budget of the wait, shown as "12s of 5m". */
  timeoutMs?: number;
  /** Least time between two lines; default 10 s. */
  intervalMs?: number;
}

/**
 * The suite's logger over @actions/core. Every message, title and group name passes through `redact()` first, so a
 * secret registered with `registerSecret` never reaches the log even where the runner's masking would miss it.
 */
export const log = {
  /** A plain log line. */
  info(message: string): void {
    core.info(clean(message));
  },
  /** Shown only when step debug logging is on. */
  debug(message: string): void {
    core.debug(clean(message));
  },
  /** A warning annotation. */
  warn(message: string, options?: AnnotationOptions): void {
    core.warning(clean(message), annotation(options));
  },
  /** An error annotation; does not fail the step. */
  error(message: string, options?: AnnotationOptions): void {
    core.error(clean(message), annotation(options));
  },
  /** A notice annotation. */
  notice(message: string, options?: AnnotationOptions): void {
    core.notice(clean(message), annotation(options));
  },
  /** Runs `fn` inside a collapsible log group that is always closed, even when `fn` throws. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return core.group(clean(name), fn);
  },
  /**
   * Starts reporting a long wait: each `tick()` logs `still waiting for <label> (12s of 5m)` at most once per
   * interval, so polling loops can call it on every round.
   */
  progress(label: string, options: ProgressOptions = {}): Progress {
    const interval = options.intervalMs ?? 10_000;
    const started = Date.now();
    let last = started;
    const elapsed = (): number => Date.now() - started;
    return {
      elapsed,
      tick(detail?: string): void {
        const now = Date.now();
        if (now - last < interval) return;
        last = now;
        const budget = options.timeoutMs === undefined ? '' : ` of ${formatDuration(options.timeoutMs)}`;
        const suffix = detail === undefined ? '' : `: ${detail}`;
        log.info(`still waiting for ${label} (${formatDuration(now - started)}${budget})${suffix}`);
      },
    };
  },
};
