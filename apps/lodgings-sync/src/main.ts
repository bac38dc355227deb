import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadLodgingsSyncConfig } from './lodgings-sync.config';
import { lodgingsSyncModule } from './lodgings-sync.module';

void runApp(loadLodgingsSyncConfig, (config) => createSyncWorkerApp(lodgingsSyncModule(config)));
