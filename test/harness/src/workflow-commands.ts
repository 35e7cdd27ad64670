/** A `::name key=value,…::message` line printed by the action. */
export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  message: string;
}

/**
 * Parses one output line as the runner does, or returns undefined when it is not a command. The message
 * unescapes `%25`, `%0D`, `%0A`; property values also `%3A` and `%2C` (what @actions/core escapes).
 */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  if (name === '') return undefined;
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of info.slice(space + 1).split(',')) {
      const equals = pair.indexOf('=');
      if (equals > 0) properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1));
    }
  }
  return { name, properties, message: unescapeData(text.slice(end + 2)) };
}

function unescapeData(value: string): string {
  return value.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return unescapeData(value.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}
