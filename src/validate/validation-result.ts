/** One thing wrong with a value, addressed by the JSON pointer of the offending member. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export type ValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** `/context/patientId: is required`; the root is shown as `/`. */
export function formatProblem(problem: Problem): string {
  return `${problem.path === '' ? '/' : problem.path}: ${problem.message}`;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('; ');
}
