import type { Logger } from '../observability/logger.ts';
import type { GatewayApp } from './gateway-app.ts';
import type { NodeGatewayServer } from './node-server.ts';

export interface ProcessLifecycleOptions {
  app: GatewayApp;
  server: NodeGatewayServer;
  logger: Logger;
  flushLogs(): void;
  graceMs: number;
}

/**
 * Graceful shutdown on SIGTERM/SIGINT: stop accepting, report not-ready, let in-flight calls and
 * streams finish within the grace period, close upstream pools, flush logs, exit. A second signal
 * exits at once. Unexpected errors are logged and the process keeps serving: one bad callback must
 * not take every in-flight stream down with it.
 */
export function installProcessHandlers(options: ProcessLifecycleOptions): void {
  const { app, server, logger, flushLogs, graceMs } = options;
  let stopping = false;

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      flushLogs();
      process.exit(1);
    }
    stopping = true;
    logger.info(
      { signal, inFlight: server.inFlight(), graceMs },
      'shutting down: draining in-flight requests',
    );
    server
      .drain(graceMs)
      .then(() => app.close())
      .then(
        () => {
          logger.info('shutdown complete');
          flushLogs();
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error during shutdown');
          flushLogs();
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    flushLogs();
  });
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
}
