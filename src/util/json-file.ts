import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseWithSourceMap } from 'json-source-map';

/** Where JSON text stops parsing (1-based line and column) and what is wrong there, without V8's position text. */
interface JsonSyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** A file that is not JSON, said the way editors and CI jump to it: `rules/x.json:4:1: not valid JSON: …`. */
export class JsonSyntaxError extends SyntaxError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(
    readonly file: string,
    problem: JsonSyntaxProblem,
  ) {
    super(`${displayPath(file)}:${problem.line}:${problem.column}: not valid JSON: ${problem.reason}`);
    this.name = 'JsonSyntaxError';
    this.line = problem.line;
    this.column = problem.column;
    this.reason = problem.reason;
  }
}

/** A JSON file the service loads; a syntax error names the file, line and column (JsonSyntaxError), a read error is Node's own. */
export function readJsonFile(file: string): unknown {
  return parseJsonText(readFileSync(file, 'utf8'), file);
}

/** JSON.parse, with a syntax error turned into a JsonSyntaxError for `file`. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new JsonSyntaxError(file, jsonSyntaxProblem(text, error.message));
  }
}

/**
 * Locates JSON.parse's `message` in `text`. V8 words it differently across Node versions: "… in JSON at
 * position 15" (Node 20), the same plus " (line 3 column 5)" (Node 22+), "Unexpected token 'x', "…" is not
 * valid JSON" with no position, and "Unexpected end of JSON input". The position is read when there is one,
 * else json-source-map parses the text again to find it; an error at the end points just past the last
 * non-blank character, where the author stopped typing.
 */
export function jsonSyntaxProblem(text: string, message: string): JsonSyntaxProblem {
  const offset = Math.min(offsetOf(text, message), text.trimEnd().length);
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  return {
    line: text.slice(0, lineStart).split('\n').length,
    column: offset - lineStart + 1,
    // V8 names the invisible character; say what it is.
    reason:
      offset === 0 && text.startsWith('\uFEFF') ? 'starts with a byte order mark; save the file as UTF-8 without BOM' : reasonOf(message),
  };
}

/** A path as the author typed it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function offsetOf(text: string, message: string): number {
  const position = / at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return Number(position);
  if (message.startsWith('Unexpected end of JSON input')) return text.length;
  try {
    parseWithSourceMap(text);
  } catch (error) {
    const found = / at position (\d+)/.exec((error as Error).message)?.[1];
    if (found !== undefined) return Number(found);
  }
  return text.length;
}

/** V8's words for the problem, without where it is (the caller says that) or its quote of the text. */
function reasonOf(message: string): string {
  return message
    .replace(
      /^Unexpected token '(.+?)', ".*" is not valid JSON$/s,
      (_all, token: string) => `Unexpected token '${JSON.stringify(token).slice(1, -1)}'`,
    )
    .replace(/ (?:in JSON )?at position \d+/, '')
    .replace(/ ?\(line \d+ column \d+\)/, '')
    .trim();
}
