import 'reflect-metadata';
import pino from 'pino';
import { ConfigError } from '@waypost/shared/config';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

// Log lines are written in batches off the request path (a synchronous write per line cost about
// a tenth of the gateway's CPU per request); pino flushes what is left when the process exits.
const LOG_BATCH_BYTES = 8_192;
const LOG_FLUSH_INTERVAL_MS = 1_000;

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  const logs = pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES });
  // At low traffic a batch fills slowly: lines wait at most this long.
  setInterval(() => logs.flush(), LOG_FLUSH_INTERVAL_MS).unref();
  const app = await createGatewayApp(config, logs);
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
