import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src/observability/logger.ts';

/** The service's real logger (level, redaction) writing to memory: every line as text and as JSON. */
export function captureLogs(level: 'info' | 'trace' = 'trace'): { logger: Logger; text: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(level, destination);
  const text = () => chunks.join('');
  return {
    logger,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
