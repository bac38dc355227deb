import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { createSyncWorkerApp } from '@waypost/shared/sync';
import { loadToursSyncConfig } from './tours-sync.config';
import { toursSyncModule } from './tours-sync.module';

void runApp(loadToursSyncConfig, (config) => createSyncWorkerApp(toursSyncModule(config)));
