/**
 * Signature algorithms a trusted client may use. CDS Hooks 2.0 §Trusting CDS Clients forbids
 * `none` and every symmetric (HMAC) algorithm and recommends ES384 and RS384.
 */
export const DEFAULT_ALGORITHMS = ['ES384', 'RS384'] as const;

export const ASYMMETRIC_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;

export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

export function isAsymmetricAlgorithm(alg: unknown): alg is AsymmetricAlgorithm {
  return typeof alg === 'string' && (ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg);
}

/** Why an algorithm named in configuration is refused, or null when it is acceptable. */
export function algorithmProblem(alg: string): string | null {
  if (isAsymmetricAlgorithm(alg)) return null;
  if (alg.toLowerCase() === 'none') return `"${alg}" is refused: CDS Hooks forbids unsigned tokens`;
  if (/^HS\d+$/i.test(alg)) return `"${alg}" is refused: CDS Hooks forbids symmetric (HMAC) algorithms`;
  return `"${alg}" is not supported; use one of ${ASYMMETRIC_ALGORITHMS.join(', ')}`;
}
