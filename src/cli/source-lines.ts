import { readFileSync } from 'node:fs';
import { parse, type PointerLocation } from 'json-source-map';
import type { RuleProblem } from '../rules/rule-problems.ts';
import { displayPath, jsonSyntaxProblem } from '../util/json-file.ts';

/**
 * The 1-based line a JSON pointer points at. A pointer to a missing member (a schema "is required")
 * resolves to its nearest existing parent, so the author lands where the member belongs.
 */
function lineOfPointer(text: string, pointer: string): number {
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

/** The line of the text's syntax error, as the loader reports it. */
function lineOfParseError(text: string): number {
  try {
    JSON.parse(text);
  } catch (error) {
    return jsonSyntaxProblem(text, (error as Error).message).line;
  }
  return 1;
}

/**
 * `file:line: message`, the format editors and CI annotate from. Schema messages ("must be…",
 * "is required") read only with the member named, so the pointer goes in front of them. A syntax
 * error comes with its line, and its column after the message.
 */
export function formatProblem(problem: RuleProblem, cwd = process.cwd()): string {
  const line = problem.line ?? lineInFile(problem);
  const message = /^(must|is)\b/.test(problem.message) && problem.pointer ? `${problem.pointer} ${problem.message}` : problem.message;
  const column = problem.column === undefined ? '' : ` (column ${problem.column})`;
  return `${displayPath(problem.file, cwd)}:${line}: ${message}${column}`;
}

function lineInFile(problem: RuleProblem): number {
  let text = '';
  try {
    text = readFileSync(problem.file, 'utf8');
  } catch {
    // an unreadable file is reported as such by the loader; line 1 is all we can say
  }
  return text ? lineOfPointer(text, problem.pointer) : 1;
}
