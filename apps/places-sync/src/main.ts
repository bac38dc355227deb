import 'reflect-metadata';
import { ConfigError } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadPlacesSyncConfig } from './places-sync.config';
import { placesSyncModule } from './places-sync.module';

async function bootstrap(): Promise<void> {
  const config = loadPlacesSyncConfig(process.env);
  const app = await createSyncWorkerApp(placesSyncModule(config));
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
