import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type PointerLocation } from 'json-source-map';
import type { RuleProblem } from '../rules/rule-problems.ts';

/**
 * The 1-based line a JSON pointer points at. A pointer to a missing member (a schema "is required")
 * resolves to its nearest existing parent, so the author lands where the member belongs.
 */
export function lineOfPointer(text: string, pointer: string): number {
  let pointers: Record<string, PointerLocation>;
  try {
    pointers = parse(text).pointers;
  } catch {
    return lineOfParseError(text);
  }
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const at = pointers[p];
    if (at) return (at.key ?? at.value).line + 1;
    if (p === '') return 1;
  }
}

/** JSON.parse says "at position N"; editors want a line. */
function lineOfParseError(text: string): number {
  try {
    JSON.parse(text);
  } catch (error) {
    const pos = /position (\d+)/.exec((error as Error).message)?.[1];
    if (pos !== undefined) return text.slice(0, Number(pos)).split('\n').length;
  }
  return 1;
}

/** A path as the author typed it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/**
 * `file:line: message`, the format editors and CI annotate from. Schema messages ("must be…",
 * "is required") read only with the member named, so the pointer goes in front of them.
 */
export function formatProblem(problem: RuleProblem, cwd = process.cwd()): string {
  let text = '';
  try {
    text = readFileSync(problem.file, 'utf8');
  } catch {
    // an unreadable file is reported as such by the loader; line 1 is all we can say
  }
  const line = text ? lineOfPointer(text, problem.pointer) : 1;
  const message = /^(must|is)\b/.test(problem.message) && problem.pointer ? `${problem.pointer} ${problem.message}` : problem.message;
  return `${displayPath(problem.file, cwd)}:${line}: ${message}`;
}
