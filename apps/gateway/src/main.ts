import 'reflect-metadata';
import { ConfigError } from '@waypost/shared/config';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

async function bootstrap(): Promise<void> {
  const config = loadGatewayConfig(process.env);
  // Log lines go to stdout in batches (shared/observability's default destination).
  const app = await createGatewayApp(config);
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
