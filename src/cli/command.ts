/** Where a subcommand writes; tests capture it, the real CLI binds it to stdout/stderr. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * One subcommand of the `ctc-advisor` CLI. `run` returns the process exit code:
 * 0 success, 1 a finding (failed check, failed test), 2 a usage error.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export const consoleIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A usage error: the problem, then the command's usage line, on stderr; exit code 2. */
export function usageError(io: CliIo, problem: string, usage: string): number {
  io.err(`${problem}\nusage: ctc-advisor ${usage}`);
  return 2;
}
