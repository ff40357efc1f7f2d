import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The value CTC_PSEUDONYM_SECRET fell back to before issue 17: public, so pseudonyms made with it are reversible by lookup. */
export const PUBLIC_DEVELOPMENT_SECRET = 'ctc-advisor-development-secret';
/** Shorter configured secrets are accepted but warned about: a patient-id HMAC key should not be guessable. */
const MIN_SECRET_LENGTH = 32;

interface PseudonymSecret {
  readonly secret: string;
  /** `configured`: CTC_PSEUDONYM_SECRET; `generated`: written to `file` at this start; `stored`: read from `file`. */
  readonly source: 'configured' | 'generated' | 'stored';
  readonly file?: string;
}

/**
 * CTC_PSEUDONYM_SECRET when set; otherwise a random secret kept in `<dataDir>/pseudonym-secret` (mode 0600),
 * made at the first start and reused after, as the development client's key is.
 */
export async function resolvePseudonymSecret(configured: string | undefined, dataDir: string): Promise<PseudonymSecret> {
  if (configured !== undefined) return { secret: configured, source: 'configured' };
  const file = path.join(dataDir, 'pseudonym-secret');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let source: PseudonymSecret['source'] = 'stored';
  try {
    await writeFile(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    source = 'generated';
  } catch (error) {
    // It exists (an earlier start, or a concurrent one that wrote it first): reuse it.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < MIN_SECRET_LENGTH)
    throw new Error(
      `${file}: the pseudonym secret is shorter than ${MIN_SECRET_LENGTH} characters; delete the file to generate a new one (pseudonyms will change)`,
    );
  return { secret, source, file };
}

/**
 * Why this secret is weak for the configuration, or undefined. In production (no development client) the
 * secret must be configured: a generated one differs per instance and per data directory, so instances
 * sharing a PostgreSQL store would give one patient several pseudonyms.
 */
export function pseudonymSecretWarning(resolved: PseudonymSecret, production: boolean): string | undefined {
  if (resolved.source === 'configured') {
    if (resolved.secret === PUBLIC_DEVELOPMENT_SECRET)
      return 'CTC_PSEUDONYM_SECRET is the public development value: anyone can reverse these pseudonyms by hashing candidate patient ids. Set a random secret of at least 32 characters.';
    if (resolved.secret.length < MIN_SECRET_LENGTH)
      return `CTC_PSEUDONYM_SECRET is shorter than ${MIN_SECRET_LENGTH} characters: patient-id pseudonyms can be reversed by guessing it. Set a random secret of at least 32 characters.`;
    return undefined;
  }
  if (!production) return undefined;
  return `CTC_PSEUDONYM_SECRET is not set in a production configuration (CTC_DEV_CLIENT=off): pseudonyms use the secret ${resolved.source === 'generated' ? 'generated now' : 'generated earlier'} in ${resolved.file ?? 'the data directory'}. Set CTC_PSEUDONYM_SECRET, the same on every instance sharing the decision store, and keep it secret.`;
}
