/** One thing wrong with a rule-set file: where (file + JSON pointer) and what. */
export interface RuleProblem {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export class RuleSetError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    super(`rule set is invalid:\n${problems.map((p) => `  ${p.file}${p.pointer ? ` ${p.pointer}` : ''}: ${p.message}`).join('\n')}`);
    this.name = 'RuleSetError';
  }
}

/** Why loading `dir` failed, as problems: a RuleSetError's own, or the unexpected error (say, an unreadable directory) as one. */
export function loadProblems(error: unknown, dir: string): readonly RuleProblem[] {
  return error instanceof RuleSetError ? error.problems : [{ file: dir, pointer: '', message: (error as Error).message }];
}
