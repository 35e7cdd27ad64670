import { parse as parseToml, TomlError } from 'smol-toml';
import { parseTOML, ParseError } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser';
import type { FlyTomlProblem, KeyPath } from './problems.ts';

// Two libraries, each for what it does best. toml-eslint-parser reads TOML 1.0 strictly (flyctl's go-toml is a
// TOML 1.0 reader, so a 1.1-only file would fail there) and gives every key its line, which smol-toml does not
// expose. smol-toml builds the values: it keeps every key as data in prototype-less objects (`__proto__`,
// `constructor` stay plain keys) and refuses integers it cannot hold exactly, where the other converter builds
// plain objects and rounds silently.

/** A parsed fly.toml: its values and where each key was written. */
export interface TomlDocument {
  /** The document's values; tables are prototype-less objects. */
  value: Record<string, unknown>;
  /**
   * Keys named `__proto__`, refused: schema validators copy tables into plain objects, where such a key would
   * vanish or replace the prototype instead of being checked. No fly.toml key or sensible env name has it.
   */
  forbiddenKeys: KeyPath[];
  /** The 1-based line of a key path, else of its nearest ancestor that was written; undefined if none. */
  lineOf(path: KeyPath): number | undefined;
}

/** The result of reading TOML text: the document, or the syntax error located by line and column. */
export type TomlReadResult = { ok: true; document: TomlDocument } | { ok: false; problem: FlyTomlProblem };

function pathId(path: KeyPath): string {
  return JSON.stringify(path);
}

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

/** Records the first line each key path appears on, walking tables, dotted keys, inline tables and arrays. */
function indexLines(program: AST.TOMLProgram): { lines: Map<string, number>; forbiddenKeys: KeyPath[] } {
  const lines = new Map<string, number>();
  const forbiddenKeys: KeyPath[] = [];
  const note = (path: KeyPath, line: number): void => {
    for (let i = 1; i <= path.length; i++) {
      const id = pathId(path.slice(0, i));
      if (lines.has(id)) continue;
      lines.set(id, line);
      if (path[i - 1] === '__proto__') forbiddenKeys.push(path.slice(0, i));
    }
  };
  const visitValue = (node: AST.TOMLContentNode, path: KeyPath): void => {
    if (node.type === 'TOMLInlineTable') for (const kv of node.body) visitKeyValue(kv, path);
    else if (node.type === 'TOMLArray')
      node.elements.forEach((element, i) => {
        note([...path, i], element.loc.start.line);
        visitValue(element, [...path, i]);
      });
  };
  const visitKeyValue = (kv: AST.TOMLKeyValue, base: KeyPath): void => {
    const path = [...base, ...keyNames(kv.key)];
    note(path, kv.loc.start.line);
    visitValue(kv.value, path);
  };
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') visitKeyValue(item, []);
    else {
      note(item.resolvedKey, item.loc.start.line);
      for (const kv of item.body) visitKeyValue(kv, item.resolvedKey);
    }
  }
  return { lines, forbiddenKeys };
}

/**
 * Where a path was written. A single `[mounts]` table is read as a one-element array, so a path through index 0
 * that was not written as such is looked up without that index too.
 */
function lineLookup(lines: Map<string, number>): (path: KeyPath) => number | undefined {
  const exact = (path: KeyPath): number | undefined => {
    const direct = lines.get(pathId(path));
    if (direct !== undefined) return direct;
    const firstIndex = path.indexOf(0);
    if (firstIndex > 0 && !lines.has(pathId(path.slice(0, firstIndex + 1)))) {
      return exact([...path.slice(0, firstIndex), ...path.slice(firstIndex + 1)]);
    }
    return undefined;
  };
  return (path) => {
    for (let end = path.length; end > 0; end--) {
      const line = exact(path.slice(0, end));
      if (line !== undefined) return line;
    }
    return undefined;
  };
}

/** The key a syntax error sits on, read from its line (`name = ...`) and the table header above it. */
function keyNear(text: string, line: number): string {
  const lines = text.split(/\r?\n/);
  const own = /^\s*([A-Za-z0-9_.\-"' ]+?)\s*=/.exec(lines[line - 1] ?? '')?.[1]?.replaceAll(/\s/g, '');
  let table: string | undefined;
  for (let i = line - 2; i >= 0 && table === undefined; i--) {
    table = /^\s*\[{1,2}\s*([^\]]+?)\s*\]{1,2}\s*(#.*)?$/.exec(lines[i] ?? '')?.[1];
  }
  if (own === undefined) return '';
  return table === undefined ? own : `${table}.${own}`;
}

/**
 * Reads TOML 1.0 text; a syntax error comes back as one problem with its line, column and, when the line assigns
 * one, its key.
 */
export function readTomlDocument(text: string): TomlReadResult {
  let value: Record<string, unknown>;
  try {
    value = parseToml(text);
  } catch (e) {
    if (e instanceof TomlError) {
      const message = e.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? e.message;
      return { ok: false, problem: { key: keyNear(text, e.line), line: e.line, column: e.column, message } };
    }
    throw e;
  }
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text, { tomlVersion: '1.0.0' });
  } catch (e) {
    if (e instanceof ParseError) {
      // Valid TOML 1.1 but not 1.0 (such as an inline table over several lines, where the line's own key is
      // not a top-level key: none is named). toml-eslint-parser counts columns from 0.
      return {
        ok: false,
        problem: {
          key: '',
          line: e.lineNumber,
          column: e.column + 1,
          message: `${e.message} (this is TOML 1.1 syntax; flyctl reads TOML 1.0)`,
        },
      };
    }
    throw e;
  }
  const { lines, forbiddenKeys } = indexLines(program);
  return { ok: true, document: { value, forbiddenKeys, lineOf: lineLookup(lines) } };
}
