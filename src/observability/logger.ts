import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Structured JSON logs. The redact list is a second line of defence: call sites already
 * log only ids, codes and counts, never tokens or resource contents.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    // `app`, not `service`: call lines carry `service` (the CDS service id), and JSON keys must be unique.
    base: { app: 'ctc-advisor' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['authorization', 'req.headers.authorization', '*.access_token', 'access_token', 'token', 'jwt'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
