import * as core from '@actions/core';
import { log } from './log.ts';
import { redact } from './secrets.ts';

/** One block of a step summary; build it with the `summary*` helpers. */
export type SummarySection =
  | { kind: 'heading'; text: string; level: 1 | 2 | 3 | 4 | 5 | 6 }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; headers: string[]; rows: SummaryCell[][] }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'mermaid'; text: string };

/** What a table cell may hold; numbers are shown as they print. */
export type SummaryCell = string | number;

/** A heading, level 2 unless told. */
export function summaryHeading(text: string, level: 1 | 2 | 3 | 4 | 5 | 6 = 2): SummarySection {
  return { kind: 'heading', text, level };
}

/** A paragraph of plain text (line breaks kept). */
export function summaryParagraph(text: string): SummarySection {
  return { kind: 'paragraph', text };
}

/** A table with one header row. */
export function summaryTable(headers: string[], rows: SummaryCell[][]): SummarySection {
  return { kind: 'table', headers, rows };
}

/** A bulleted list. */
export function summaryList(items: string[]): SummarySection {
  return { kind: 'list', items };
}

/** A preformatted block, e.g. command output. */
export function summaryCode(text: string): SummarySection {
  return { kind: 'code', text };
}

/**
 * A Mermaid diagram, written as a fenced `mermaid` block (GitHub draws it). The text must come from a renderer that
 * keeps it inside the fence (no backticks, no raw HTML), such as `rolloutChart`: it is redacted, not escaped,
 * since entities inside a fence would show as written.
 */
export function summaryMermaid(text: string): SummarySection {
  return { kind: 'mermaid', text };
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Redacts, then escapes for the HTML core.summary writes. Line breaks become `<br>` because a blank line would end
 * the HTML block and let markdown loose inside the table. An empty cell gets a non-breaking space since
 * core.summary drops the closing tag of empty elements.
 */
function cell(text: SummaryCell, breaks = true): string {
  const escaped = redact(String(text)).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
  if (escaped === '') return '&nbsp;';
  return breaks ? escaped.replace(/\r?\n/g, '<br>') : escaped;
}

/** Appends the sections to `core.summary`'s buffer, every text redacted and escaped. */
function addSummarySections(sections: SummarySection[]): void {
  const s = core.summary;
  for (const section of sections) {
    switch (section.kind) {
      case 'heading':
        s.addHeading(cell(section.text), section.level);
        break;
      case 'paragraph':
        s.addRaw(`<p>${cell(section.text)}</p>`, true);
        break;
      case 'table':
        s.addTable([
          section.headers.map((h) => ({ data: cell(h), header: true })),
          ...section.rows.map((row) => row.map((c) => cell(c))),
        ]);
        break;
      case 'list':
        s.addList(section.items.map((item) => cell(item)));
        break;
      case 'code':
        s.addCodeBlock(cell(section.text, false));
        break;
      case 'mermaid':
        // Blank lines around the fence: after an HTML block, markdown resumes only past an empty line.
        // A backtick could close the fence; the renderers never write one, this keeps any other caller inside too.
        s.addRaw(`\n\`\`\`mermaid\n${redact(section.text).replace(/`/g, "'")}\n\`\`\`\n`, true);
        break;
    }
  }
}

/**
 * Writes the sections to the step summary (appending to what earlier steps wrote). Outside a runner, where
 * `GITHUB_STEP_SUMMARY` is unset, it only logs a debug line: a missing summary must not fail a deploy.
 */
export async function writeSummary(sections: SummarySection[]): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    log.debug('GITHUB_STEP_SUMMARY is not set; skipping the step summary');
    return;
  }
  core.summary.emptyBuffer();
  addSummarySections(sections);
  await core.summary.write();
}
