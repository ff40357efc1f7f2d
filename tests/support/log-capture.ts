import { createLogger, type Logger, type LogLevel } from '../../src/observability/logger.ts';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line as written, in order; grows as the logger writes. */
  readonly lines: string[];
  /** All lines as one text, for "never contains" assertions. */
  text(): string;
  /** Every line parsed as JSON. */
  records(): Record<string, unknown>[];
}

/** The service's real logger (level, redaction) writing to memory, so tests can assert what is (and is never) logged. */
export function captureLogs(level: LogLevel = 'trace'): CapturedLogs {
  const lines: string[] = [];
  return {
    logger: createLogger(level, { write: (line: string) => void lines.push(line) }),
    lines,
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
