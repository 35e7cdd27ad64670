/**
 * Workflow commands as the runner parses them (actions/runner src/Runner.Common/ActionCommand.cs): the `::name
 * k=v,…::data` form at the start of a line, else the legacy `##[name k=v;…]data` form ANYWHERE in the line. Only
 * registered names are commands, compared case-insensitively (ActionCommandManager.cs).
 */

/** A command line the runner would act on. */
export interface WorkflowCommand {
  /** The name, lower-cased (the runner compares names case-insensitively). */
  name: string;
  /** Properties as written; look them up with {@link commandProperty}. */
  properties: Record<string, string>;
  message: string;
}

/**
 * The names the runner registers (ActionCommandManager.Initialize with the extensions listed in
 * src/Runner.Common/ExtensionManager.cs); `internal-set-repo-path` is only registered for the runner's own plugins.
 */
export const registeredCommands: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-path',
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice',
  'debug',
  'group',
  'endgroup',
  'echo',
];

/**
 * Parses one output line as ActionCommand.TryParseV2, then TryParse, do; undefined when it is no command.
 * `names` are the names registered right now (lower-case): while commands are stopped the runner registers the
 * resume token too.
 */
export function parseWorkflowCommand(
  line: string,
  names: ReadonlySet<string> = new Set(registeredCommands),
): WorkflowCommand | undefined {
  return parseV2(line, names) ?? parseLegacy(line, names);
}

/** A property by name, case-insensitively like the runner's property dictionary. */
export function commandProperty(command: WorkflowCommand, name: string): string | undefined {
  const key = Object.keys(command.properties).find((known) => known.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : command.properties[key];
}

function parseV2(line: string, names: ReadonlySet<string>): WorkflowCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!names.has(name)) return undefined;
  const properties = space > 0 ? parseProperties(info.slice(space + 1).trim(), ',', unescapeProperty) : {};
  return { name, properties, message: unescapeData(text.slice(end + 2)) };
}

function parseLegacy(line: string, names: ReadonlySet<string>): WorkflowCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const end = line.indexOf(']', prefix);
  if (end < 0) return undefined;
  const info = line.slice(prefix + 3, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (!names.has(name)) return undefined;
  const properties = space > 0 ? parseProperties(info.slice(space + 1), ';', unescapeLegacy) : {};
  return { name, properties, message: unescapeLegacy(line.slice(end + 1)) };
}

/** `k=v` pairs split on `separator`; a pair without a name or a value is dropped, as `Split(…RemoveEmptyEntries)` does. */
function parseProperties(
  text: string,
  separator: string,
  unescape: (value: string) => string,
): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of text.split(separator)) {
    const equals = pair.indexOf('=');
    if (equals <= 0 || equals === pair.length - 1) continue;
    properties[pair.slice(0, equals)] = unescape(pair.slice(equals + 1));
  }
  return properties;
}

/** Ordinal, case-sensitive replacements in the runner's order: `%0d` stays as it is. */
function replaceAll(value: string, mappings: readonly [string, string][]): string {
  return mappings.reduce((text, [escaped, char]) => text.split(escaped).join(char), value);
}

function unescapeData(value: string): string {
  return replaceAll(value, [
    ['%0D', '\r'],
    ['%0A', '\n'],
    ['%25', '%'],
  ]);
}

function unescapeProperty(value: string): string {
  return replaceAll(value, [
    ['%0D', '\r'],
    ['%0A', '\n'],
    ['%3A', ':'],
    ['%2C', ','],
    ['%25', '%'],
  ]);
}

function unescapeLegacy(value: string): string {
  return replaceAll(value, [
    ['%3B', ';'],
    ['%0D', '\r'],
    ['%0A', '\n'],
    ['%5D', ']'],
    ['%25', '%'],
  ]);
}
