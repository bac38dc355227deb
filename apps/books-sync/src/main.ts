import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadBooksSyncConfig } from './books-sync.config';
import { booksSyncModule } from './books-sync.module';

void runApp(loadBooksSyncConfig, (config) => createSyncWorkerApp(booksSyncModule(config)));
