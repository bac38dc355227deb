import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { loadLodgingsApiConfig } from './lodgings-api.config';
import { createLodgingsApi } from './lodgings-api.app';

void runApp(loadLodgingsApiConfig, createLodgingsApi);
