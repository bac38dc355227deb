import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { loadPlacesApiConfig } from './places-api.config';
import { createPlacesApi } from './places-api.app';

void runApp(loadPlacesApiConfig, createPlacesApi);
