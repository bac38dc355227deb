import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadPlacesSyncConfig } from './places-sync.config';
import { placesSyncModule } from './places-sync.module';

void runApp(loadPlacesSyncConfig, (config) => createSyncWorkerApp(placesSyncModule(config)));
