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
