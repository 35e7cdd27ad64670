import Table from 'cli-table3';
import { Parser } from 'htmlparser2';
import stringWidth from 'string-width';

/** The widest a column may be before its cells wrap (a long "what to do" would push the table off the screen). */
const MAX_COLUMN_WIDTH = 60;

/** An aligned text table; cli-table3 measures emoji and wide characters as a terminal shows them. */
export function textTable(headers: string[], rows: string[][]): string {
  const width = Math.max(headers.length, ...rows.map((row) => row.length));
  const filled = rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
  const colWidths = Array.from({ length: width }, (_, i) => {
    const widest = Math.max(
      ...[headers[i] ?? '', ...filled.map((row) => row[i] ?? '')].flatMap((cell) =>
        cell.split('\n').map(stringWidth),
      ),
    );
    return Math.min(widest, MAX_COLUMN_WIDTH) + 2;
  });
  const table = new Table({
    head: headers,
    colWidths,
    wordWrap: true,
    // Compact: a rule under the header only, one line per row, so a long summary table stays readable.
    style: { head: [], border: [], compact: true },
  });
  table.push(...filled);
  return table.toString();
}

/** Shown above a Mermaid chart's source, which GitHub draws and a terminal cannot. */
const MERMAID_TITLE = '[chart: Mermaid, drawn by GitHub in the step summary]';

const MARKDOWN_TABLE_ROW = /^\s*\|.*\|\s*$/;
const MARKDOWN_TABLE_RULE = /^\s*\|(\s*:?-+:?\s*\|)+\s*$/;

function markdownCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

/**
 * Markdown written into a summary as it is (a Mermaid chart, a markdown table): a ```mermaid block's lines are shown
 * as they are, under a title saying what they draw on GitHub; a markdown table becomes an aligned text table.
 */
function markdownLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*```\s*(\w*)/.exec(line);
    if (fence !== null) {
      const body: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
      if (fence[1] === 'mermaid') out.push(MERMAID_TITLE);
      out.push(...body.map((l) => `  ${l}`));
      continue;
    }
    if (MARKDOWN_TABLE_ROW.test(line) && MARKDOWN_TABLE_RULE.test(lines[i + 1] ?? '')) {
      const headers = markdownCells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && MARKDOWN_TABLE_ROW.test(lines[i] ?? ''); i++) {
        rows.push(markdownCells(lines[i] ?? ''));
      }
      i--;
      out.push(...textTable(headers, rows).split('\n'));
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1] !== undefined) out.push(`▌ ${heading[1]}`);
    else if (line.trim() !== '') out.push(line.trimEnd());
  }
  return out;
}

const BLOCK = /^(h[1-6]|p|li|pre|table|tr|td|th|ul|ol|details|summary|div)$/;

/**
 * Turns a step summary (the HTML @actions/core's summary writes, with markdown around it) into terminal text:
 * headings marked, paragraphs and list items on their own lines, tables aligned, code and Mermaid blocks indented.
 */
export function summaryToText(summary: string): string {
  const out: string[] = [];
  const open: string[] = [];
  // Text of the innermost block element so far, and text outside every element (markdown kept as it is).
  let text = '';
  let loose = '';
  let table: { headers: string[]; rows: string[][] } | undefined;
  let row: string[] | undefined;
  let headerRow = false;
  const take = (): string => {
    const taken = open.includes('pre') ? text : text.replace(/[ \t]+/g, ' ').trim();
    text = '';
    return taken;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (open.length === 0) {
          out.push(...markdownLines(loose));
          loose = '';
        }
        open.push(name);
        if (BLOCK.test(name)) text = '';
        if (name === 'table') table = { headers: [], rows: [] };
        if (name === 'tr') {
          row = [];
          headerRow = false;
        }
        if (name === 'th') headerRow = true;
        if (name === 'br') text += '\n';
        // `core.summary.addCodeBlock(chart, 'mermaid')` writes `<pre lang="mermaid">`.
        if (name === 'pre' && attributes.lang === 'mermaid') out.push(MERMAID_TITLE);
      },
      ontext(data) {
        if (open.length === 0) loose += data;
        else text += data;
      },
      onclosetag(name) {
        if (/^h[1-6]$/.test(name)) out.push(`▌ ${take()}`);
        else if (name === 'p' || name === 'summary') out.push(...take().split('\n'));
        else if (name === 'li') out.push(`  • ${take()}`);
        else if (name === 'pre') {
          out.push(
            ...take()
              .replace(/\n$/, '')
              .split('\n')
              .map((line) => `    ${line}`),
          );
        } else if ((name === 'td' || name === 'th') && row !== undefined) row.push(take());
        else if (name === 'tr' && table !== undefined && row !== undefined) {
          if (headerRow && table.headers.length === 0) table.headers = row;
          else table.rows.push(row);
          row = undefined;
        } else if (name === 'table' && table !== undefined) {
          out.push(...textTable(table.headers, table.rows).split('\n'));
          table = undefined;
        }
        open.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.end(summary);
  out.push(...markdownLines(loose));
  return out.join('\n');
}
