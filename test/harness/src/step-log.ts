import type { Masker } from './masker.ts';
import { commandProperty, parseWorkflowCommand, registeredCommands } from './workflow-commands.ts';
import type { WorkflowCommand } from './workflow-commands.ts';

/**
 * An annotation: an `::error`, `::warning` or `::notice` the step printed, or one the runner raised itself. The
 * message is masked and cut at 4096 characters; the properties (`title`, `file`, …) are NOT masked, as the runner
 * sends them as they are (ExecutionContext.AddIssue masks only the message).
 */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  properties: Record<string, string>;
}

/** What the runner keeps from the step's stdout and stderr. */
export interface StepLog {
  /** Handles one complete line, in arrival order across stdout and stderr. */
  line(text: string): void;
  /** Raises an annotation as the runner does for its own errors and warnings. */
  annotate(annotation: Annotation): void;
  /** Logs `##[debug]` lines (one per line of `text`) when step debug is on, as the runner's `context.Debug`. */
  debug(text: string): void;
  /** The masked log: plain lines, and commands rendered as `##[error]…`, `##[group]…`, `##[debug]…`. */
  text(): string;
  /** The annotations the run shows: the first 10 of each level (ExecutionContext `_maxCountPerIssueType`). */
  annotations: Annotation[];
  /** The properties of every annotation command, shown or not: the leak check reads them, the runner masks none. */
  annotationProperties: Record<string, string>[];
  /** Outputs and state set with the deprecated `::set-output` / `::save-state` commands. */
  outputs: Record<string, string>;
  state: Record<string, string>;
  /** Whether a command failed the step (a disabled `set-env` / `add-path`, an invalid stop token, …). */
  failed(): boolean;
}

/** ExecutionContext.cs `_maxCountPerIssueType` and `_maxIssueMessageLength`. */
const annotationsPerLevel = 10;
const annotationMessageLimit = 4096;

/** Commands the runner does not echo even with echo on (their extensions' `OmitEcho`). */
const omitEcho = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);

/** Constants.cs UnsupportedCommandMessageDisabled, for `set-env` and `add-path`. */
const disabledCommand = (name: string): string =>
  `The \`${name}\` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the \`ACTIONS_ALLOW_UNSECURE_COMMANDS\` environment variable to \`true\`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/`;

/** Constants.cs UnsupportedStopCommandTokenDisabled. */
const invalidStopToken =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`.";

/** How the step's log is kept. */
export interface StepLogOptions {
  /**
   * `ACTIONS_STEP_DEBUG`: keeps `##[debug]` lines and echoes processed commands (ExecutionContext sets
   * `EchoOnActionCommand` from it). The harness defaults to on, so debug output is checked for leaks too.
   */
  stepDebug?: boolean;
  /** Called with each masked log line as it is added. */
  onLine?: (line: string) => void;
}

/**
 * Processes output lines like the runner's OutputManager and ActionCommandManager: registered commands (either
 * form) are acted on, everything else is printed masked with the values registered so far. After
 * `::stop-commands::<token>` nothing is a command (an `::add-mask::` included: its value is printed as it is) until
 * a line holds the token as a command.
 */
export function createStepLog(masker: Masker, options: StepLogOptions = {}): StepLog {
  const lines: string[] = [];
  const annotations: Annotation[] = [];
  const annotationProperties: Record<string, string>[] = [];
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  const names = new Set(registeredCommands);
  const counts = { error: 0, warning: 0, notice: 0 };
  const stepDebug = options.stepDebug ?? true;
  let echo = stepDebug;
  let stopToken: string | undefined;
  let failed = false;

  // ExecutionContext.Write masks the whole message, then the log keeps it line by line.
  const print = (text: string): void => {
    for (const line of masker.mask(text).split('\n')) {
      lines.push(line);
      options.onLine?.(line);
    }
  };
  // ExecutionContext.Debug splits on LF (CRLF first) and writes each line masked on its own.
  const debug = (text: string): void => {
    if (stepDebug) for (const line of text.split(/\r?\n/)) print(`##[debug]${line}`);
  };
  const annotate = (annotation: Annotation): void => {
    let message = masker.mask(annotation.message);
    if (message.length > annotationMessageLimit) message = message.slice(0, annotationMessageLimit);
    if (counts[annotation.level] < annotationsPerLevel) {
      counts[annotation.level]++;
      annotations.push({ ...annotation, message });
    }
    if (message !== '') print(`##[${annotation.level}]${message}`);
  };
  const fail = (line: string, command: WorkflowCommand, message: string): void => {
    const shown = omitEcho.has(command.name) ? command.name : line;
    annotate({
      level: 'error',
      message: `Unable to process command '${shown}' successfully.`,
      properties: {},
    });
    annotate({ level: 'error', message, properties: {} });
    failed = true;
  };
  const deprecated = (name: string): void => {
    annotate({
      level: 'warning',
      message: `The \`${name}\` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/`,
      properties: {},
    });
  };

  const run = (line: string, command: WorkflowCommand): void => {
    const { name, properties, message } = command;
    if (echo && !omitEcho.has(name)) print(line);
    switch (name) {
      case 'add-mask':
        if (message.trim() === '') {
          annotate({
            level: 'warning',
            message: "Can't add secret mask for empty string in ##[add-mask] command.",
            properties: {},
          });
        } else {
          if (echo) print('::add-mask::***');
          masker.add(message);
        }
        return;
      case 'error':
      case 'warning':
      case 'notice':
        annotationProperties.push(properties);
        return annotate({ level: name, message, properties });
      case 'debug':
        return debug(message);
      case 'group':
        return print(`##[group]${message}`);
      case 'endgroup':
        return print('##[endgroup]');
      case 'set-env':
      case 'add-path':
        return fail(line, command, disabledCommand(name));
      case 'set-output':
      case 'save-state': {
        deprecated(name);
        const key = commandProperty(command, 'name');
        if (key === undefined) {
          return fail(line, command, `Required field 'name' is missing in ##[${name}] command.`);
        }
        (name === 'set-output' ? outputs : state)[key] = message;
        return;
      }
      case 'echo': {
        const value = message.trim().toUpperCase();
        if (value === 'ON' || value === 'OFF') echo = value === 'ON';
        else
          fail(
            line,
            command,
            `Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${message}'.`,
          );
        return;
      }
      default:
        // add-matcher / remove-matcher: problem matchers are not modelled; the line is consumed as on the runner.
        return;
    }
  };

  return {
    annotations,
    annotationProperties,
    outputs,
    state,
    annotate,
    debug,
    failed: () => failed,
    text: () => lines.join('\n'),
    line(text) {
      // OutputManager only tries lines holding `::` or `##[`.
      const command =
        text.includes('::') || text.includes('##[') ? parseWorkflowCommand(text, names) : undefined;
      if (stopToken !== undefined) {
        print(text);
        if (command?.name === stopToken) {
          names.delete(stopToken);
          stopToken = undefined;
        }
        return;
      }
      if (command === undefined) return print(text);
      if (command.name === 'stop-commands') {
        const token = command.message;
        const lowered = token.toLowerCase();
        if (token === '' || names.has(lowered) || lowered === 'pause-logging') {
          annotate({ level: 'error', message: invalidStopToken, properties: {} });
          failed = true;
          return;
        }
        stopToken = lowered;
        names.add(lowered);
        if (token.length > 6) masker.addValue(token);
        print(text);
        return;
      }
      run(text, command);
    },
  };
}
