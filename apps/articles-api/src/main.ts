import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { loadArticlesApiConfig } from './articles-api.config';
import { createArticlesApi } from './articles-api.app';

void runApp(loadArticlesApiConfig, createArticlesApi);
