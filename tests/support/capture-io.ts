import type { CliIo } from '../../src/cli/command.ts';

/** A CliIo that keeps what a command printed, for assertions. */
export function captureIo(): CliIo & { readonly outLines: string[]; readonly errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, out: (line) => outLines.push(line), err: (line) => errLines.push(line) };
}
