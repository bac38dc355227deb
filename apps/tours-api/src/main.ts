import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { loadToursApiConfig } from './tours-api.config';
import { createToursApi } from './tours-api.app';

void runApp(loadToursApiConfig, createToursApi);
