import type { Masker } from './masker.ts';
import { parseWorkflowCommand } from './workflow-commands.ts';

/** An `::error`, `::warning` or `::notice` the step printed (masked), or a warning the runner raised itself. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

/** What the runner keeps from the step's stdout and stderr. */
export interface StepLog {
  /** Handles one complete line, in arrival order across stdout and stderr. */
  line(text: string): void;
  /** Adds a line the runner itself prints (a warning it raises), masked like the rest. */
  annotate(annotation: Annotation): void;
  /** The masked log: plain lines, and commands rendered as `##[error]…`, `##[group]…`, `##[debug]…`. */
  text(): string;
  annotations: Annotation[];
  /** Outputs and state set with the deprecated `::set-output` / `::save-state` commands. */
  outputs: Record<string, string>;
  state: Record<string, string>;
}

const annotationLevels = new Set(['error', 'warning', 'notice']);

/**
 * Processes output lines like the runner's command handling: `::add-mask::` registers a value and prints nothing,
 * annotations are recorded, `::stop-commands::<token>` suspends processing until `::<token>::`, and every printed
 * line is masked with the values registered before it (so a secret printed before its mask stays visible — a leak).
 * `onLine` sees each log line as it is added.
 */
export function createStepLog(masker: Masker, onLine: (line: string) => void = () => {}): StepLog {
  const lines: string[] = [];
  const annotations: Annotation[] = [];
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  let stopToken: string | undefined;

  const add = (line: string): void => {
    lines.push(line);
    onLine(line);
  };
  const print = (text: string): void => add(masker.mask(text));
  const annotate = (annotation: Annotation): void => {
    const masked = {
      level: annotation.level,
      message: masker.mask(annotation.message),
      properties: Object.fromEntries(
        Object.entries(annotation.properties).map(([key, value]) => [key, masker.mask(value)]),
      ),
    };
    annotations.push(masked);
    add(`##[${masked.level}]${masked.message}`);
  };
  const deprecated = (name: string): void => {
    annotate({
      level: 'warning',
      message: `The \`${name}\` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.`,
      properties: {},
    });
  };

  return {
    annotations,
    outputs,
    state,
    annotate,
    text: () => lines.join('\n'),
    line(text) {
      const command = parseWorkflowCommand(text);
      if (stopToken !== undefined) {
        if (command?.name === stopToken) stopToken = undefined;
        else print(text);
        return;
      }
      if (command === undefined) return print(text);
      const { name, properties, message } = command;
      if (name === 'add-mask') {
        masker.add(message);
      } else if (annotationLevels.has(name)) {
        annotate({ level: name as Annotation['level'], message, properties });
      } else if (name === 'group' || name === 'debug') {
        print(`##[${name}]${message}`);
      } else if (name === 'endgroup') {
        print('##[endgroup]');
      } else if (name === 'stop-commands') {
        stopToken = message;
      } else if (name === 'set-output' && properties.name !== undefined) {
        outputs[properties.name] = message;
        deprecated('set-output');
      } else if (name === 'save-state' && properties.name !== undefined) {
        state[properties.name] = message;
        deprecated('save-state');
      } else {
        print(text);
      }
    },
  };
}
