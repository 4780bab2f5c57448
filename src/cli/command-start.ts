import { createLogger } from '../observability/logger.ts';
import { assertSafeBind } from '../server/bind-safety.ts';
import { createGatewayApp } from '../server/gateway-app.ts';
import { startNodeServer } from '../server/node-server.ts';
import { installProcessHandlers } from '../server/process-lifecycle.ts';
import { VERSION } from '../server/version.ts';
import { loadConfig, parseCommandArgs, parsePort } from './cli-options.ts';

/** `tollgate start [--config FILE] [--port N] [--host H]`: flags win over PORT/HOST, which win over the file. */
export async function runStart(args: string[]): Promise<number> {
  const { values } = parseCommandArgs(args, {
    config: { type: 'string', short: 'c' },
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
  });
  const config = loadConfig(values.config);
  const port = parsePort(values.port, '--port') ?? parsePort(process.env.PORT, 'PORT') ?? config.server.port;
  const host = values.host ?? (process.env.HOST || undefined) ?? config.server.host;
  config.server = { ...config.server, port, host };
  assertSafeBind(host, config.auth.apiKeys.length);

  const { logger, callLog, flush } = createLogger(config.logging);
  const app = createGatewayApp(config, { logger, callLog });
  const server = await startNodeServer(app, config.server).catch(async (error: NodeJS.ErrnoException) => {
    await app.close();
    if (error.code === 'EADDRINUSE') {
      throw new Error(
        `${host}:${port} is already in use: stop what listens there, or pass --port (or PORT).`,
      );
    }
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
      throw new Error(`Cannot listen on ${host}: no such address on this machine.`);
    }
    throw error;
  });
  installProcessHandlers({ app, server, logger, flushLogs: flush, graceMs: config.server.shutdownGraceMs });
  logger.info(
    {
      url: server.url,
      version: VERSION,
      config: config.sourcePath ?? '(built-in: simulator models)',
      models: app.catalog.list().length,
      auth:
        config.auth.apiKeys.length === 0 ? 'open (loopback only)' : `${config.auth.apiKeys.length} key(s)`,
    },
    'tollgate listening',
  );
  flush();
  return 0;
}
