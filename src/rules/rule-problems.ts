/** One thing wrong with a rule-set file: where (file + JSON pointer) and what. */
export interface RuleProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  /** A file that is not JSON has no pointer: where its syntax error is, 1-based. */
  readonly line?: number;
  readonly column?: number;
}

export class RuleSetError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(
      `rule set is invalid:\n${problems.map((p) => `  ${p.file}${lineColumn(p)}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message}`).join('\n')}`,
    );
    this.name = 'RuleSetError';
  }
}

function lineColumn(problem: RuleProblem): string {
  return problem.line !== undefined && problem.column !== undefined ? `:${problem.line}:${problem.column}` : '';
}

/** Why loading `dir` failed, as problems: a RuleSetError's own, or the unexpected error (say, an unreadable directory) as one. */
export function loadProblems(error: unknown, dir: string): readonly RuleProblem[] {
  return error instanceof RuleSetError ? error.problems : [{ file: dir, pointer: '', message: (error as Error).message }];
}
