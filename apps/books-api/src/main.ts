import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { loadBooksApiConfig } from './books-api.config';
import { createBooksApi } from './books-api.app';

void runApp(loadBooksApiConfig, createBooksApi);
