import { Writable } from 'node:stream';
import { parseConfigText } from '../../src/config/config-load.ts';
import type { GatewayConfig } from '../../src/config/config-types.ts';
import type { CallRecord } from '../../src/core/call-record.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createGatewayApp, type GatewayApp } from '../../src/server/gateway-app.ts';
import { type NodeGatewayServer, startNodeServer } from '../../src/server/node-server.ts';

/** A gateway on an ephemeral loopback port, with its log lines and call records captured. */
export interface GatewayHarness {
  url: string;
  /** OpenAI SDK base URL. */
  baseURL: string;
  app: GatewayApp;
  server: NodeGatewayServer;
  records: CallRecord[];
  logLines: Record<string, unknown>[];
  rawLog(): string;
  /** Resolves with the next finished call record. */
  nextRecord(): Promise<CallRecord>;
  close(): Promise<void>;
}

/** Starts a gateway from YAML config text (or the built-in default when `yaml` is undefined). */
export async function startGateway(yaml?: string, env: NodeJS.ProcessEnv = {}): Promise<GatewayHarness> {
  const config: GatewayConfig = parseConfigText(yaml ?? '{}', 'test-config.yaml', env);
  config.server = { ...config.server, host: '127.0.0.1', port: 0 };
  let raw = '';
  const logLines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString('utf8');
      raw += text;
      for (const line of text.split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line));
      callback();
    },
  });
  const { logger, callLog } = createLogger({ level: 'debug' }, destination);
  const records: CallRecord[] = [];
  const waiters: ((record: CallRecord) => void)[] = [];
  const app = createGatewayApp(config, {
    logger,
    callLog,
    onCallFinished(record) {
      records.push(record);
      waiters.shift()?.(record);
    },
  });
  const server = await startNodeServer(app, config.server);
  return {
    url: server.url,
    baseURL: `${server.url}/v1`,
    app,
    server,
    records,
    logLines,
    rawLog: () => raw,
    nextRecord: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      await server.drain(0);
      await app.close();
    },
  };
}
