import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadArticlesSyncConfig } from './articles-sync.config';
import { articlesSyncModule } from './articles-sync.module';

void runApp(loadArticlesSyncConfig, (config) => createSyncWorkerApp(articlesSyncModule(config)));
