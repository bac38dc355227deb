import 'reflect-metadata';
import { ConfigError } from '@waypost/shared/config';
import { loadPlacesApiConfig } from './places-api.config';
import { createPlacesApi } from './places-api.app';

async function bootstrap(): Promise<void> {
  const config = loadPlacesApiConfig(process.env);
  const app = await createPlacesApi(config);
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
