import 'reflect-metadata';
import { ConfigError } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadArticlesSyncConfig } from './articles-sync.config';
import { articlesSyncModule } from './articles-sync.module';

async function bootstrap(): Promise<void> {
  const config = loadArticlesSyncConfig(process.env);
  const app = await createSyncWorkerApp(articlesSyncModule(config));
  await app.listen(config.port, '0.0.0.0');
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
