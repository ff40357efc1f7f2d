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

/** `cds-hooks/x.json: /prefetch/patient must be a string`: a problem in a file read at start-up. */
export function formatFileProblem(file: string, problem: Problem): string {
  return `${file}: ${formatPointedProblem(problem)}`;
}

/** `/prefetch/patient must be a string`; the root is shown as `/`. */
export function formatPointedProblem(problem: Problem): string {
  return `${problem.path === '' ? '/' : problem.path} ${problem.message}`;
}
