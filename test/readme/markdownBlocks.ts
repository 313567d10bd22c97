/**
 * The fenced code blocks of a Markdown file, and the `readme-test` markers that tell the README test what
 * to do with a shell block. A marker is an HTML comment on the line right before the block's fence (so it
 * is invisible on GitHub):
 *
 *   <!-- readme-test: skip — <reason> -->    not run (an install, a long-running server, …); the reason is required
 *   <!-- readme-test: errors — <reason> -->  run; its HTTP answers may be ≥ 400 and its SOAP answers KO, and at
 *                                             least one must be (the block shows faults on purpose)
 */

/** Shell blocks the test runs; every other fenced block must be one of KNOWN_LANGUAGES (a `shell` or `zsh` block would silently escape the test). */
export const SHELL_LANGUAGES = ['sh', 'bash'];
export const KNOWN_LANGUAGES = [...SHELL_LANGUAGES, '', 'yaml', 'json', 'xml', 'text', 'csv'];

export type MarkerKind = 'skip' | 'errors';

export interface Marker {
  kind: MarkerKind;
  reason: string;
  /** 1-based line of the comment */
  line: number;
}

export interface FencedBlock {
  language: string;
  /** the block's lines, without the fences */
  code: string;
  /** 1-based line of the opening fence */
  line: number;
  marker?: Marker;
}

const MARKER = /^<!--\s*readme-test:\s*(\S+)\s*(.*?)\s*-->\s*$/;
/** `— reason`, `- reason` or `: reason` */
const REASON = /^(?:—|-|:)\s*(.*)$/;

export interface ParsedMarkdown {
  blocks: FencedBlock[];
  /** malformed or misplaced markers, unclosed fences: each a message naming its line */
  problems: string[];
}

export function parseMarkdown(text: string): ParsedMarkdown {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  const problems: string[] = [];
  let pending: Marker | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const open = /^(`{3,})\s*([^\s`]*)/.exec(line);
    if (open) {
      const fence = open[1]!;
      const body: string[] = [];
      let j = i + 1;
      // the closing fence: backticks only, at least as many as the opening one
      while (j < lines.length && !(/^`{3,}\s*$/.test(lines[j]!) && lines[j]!.trim().length >= fence.length)) body.push(lines[j++]!);
      if (j >= lines.length) problems.push(`line ${i + 1}: the code block opened here is never closed`);
      const block: FencedBlock = { language: open[2]!.toLowerCase(), code: body.join('\n'), line: i + 1 };
      if (pending) {
        if (!SHELL_LANGUAGES.includes(block.language)) problems.push(`line ${pending.line}: a readme-test marker must precede a sh or bash block, not a "${block.language}" one`);
        block.marker = pending;
        pending = undefined;
      }
      blocks.push(block);
      i = j;
      continue;
    }
    if (pending) {
      problems.push(`line ${pending.line}: a readme-test marker must be the line right before a sh or bash block`);
      pending = undefined;
    }
    // a marker is a comment line of its own; prose may mention the markers
    if (line.trimStart().startsWith('<!--') && line.includes('readme-test')) {
      const m = MARKER.exec(line.trim());
      if (!m) {
        problems.push(`line ${i + 1}: unreadable readme-test marker: ${line.trim()}`);
        continue;
      }
      const kind = m[1]!;
      const reason = REASON.exec(m[2]!)?.[1]?.trim() ?? '';
      if (kind !== 'skip' && kind !== 'errors') problems.push(`line ${i + 1}: unknown readme-test marker "${kind}" (skip or errors)`);
      else if (!reason) problems.push(`line ${i + 1}: the readme-test ${kind} marker gives no reason (<!-- readme-test: ${kind} — <reason> -->)`);
      else pending = { kind, reason, line: i + 1 };
    }
  }
  if (pending) problems.push(`line ${pending.line}: a readme-test marker at the end of the file precedes no block`);
  return { blocks, problems };
}

/**
 * GitHub's anchor of a heading (github-slugger): lower case, punctuation dropped (letters, digits, spaces,
 * `-` and `_` kept), spaces to hyphens; a repeated slug gets `-1`, `-2`, ….
 */
export function headingAnchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^`{3,}/.test(line)) inFence = !inFence;
    const h = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = h[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}
