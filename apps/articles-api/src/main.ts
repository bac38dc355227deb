import 'reflect-metadata';
import { ConfigError } from '@waypost/shared/config';
import { loadArticlesApiConfig } from './articles-api.config';
import { createArticlesApi } from './articles-api.app';

async function bootstrap(): Promise<void> {
  const config = loadArticlesApiConfig(process.env);
  const app = await createArticlesApi(config);
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
