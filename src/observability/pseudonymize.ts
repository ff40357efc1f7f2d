import { createHmac } from 'node:crypto';

/**
 * Patient ids never reach logs or the decision log in the clear unless configured:
 * a keyed hash keeps them linkable (same id, same pseudonym) without being reversible
 * by anyone who lacks the secret.
 */
export type PatientIdMode = 'pseudonymize' | 'clear' | 'omit';

export function makePseudonymizer(mode: PatientIdMode, secret: string): (patientId: string | undefined) => string | null {
  return (patientId) => {
    if (patientId === undefined || mode === 'omit') return null;
    if (mode === 'clear') return patientId;
    return `p_${createHmac('sha256', secret).update(patientId).digest('hex').slice(0, 24)}`;
  };
}
