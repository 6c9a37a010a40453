import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/**
 * Structured logs: everything at LOG_LEVEL (default info) as JSON lines to `<dataDir>/server.log`,
 * and warnings and errors also to stderr, so a healthy `npm start` prints only its URL.
 */
export function createLogger(dataDir: string): Logger {
  mkdirSync(dataDir, { recursive: true });
  const level = process.env.LOG_LEVEL ?? 'info';
  return pino(
    { level, base: { pid: process.pid } },
    pino.multistream([
      {
        level: level as pino.Level,
        stream: pino.destination({ dest: join(dataDir, 'server.log'), sync: false }),
      },
      { level: 'warn', stream: pino.destination({ fd: 2, sync: true }) },
    ]),
  );
}
