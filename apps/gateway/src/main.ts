import 'reflect-metadata';
import { runApp } from '@waypost/shared/config';
import { loadGatewayConfig } from './config/gateway.config';
import { createGatewayApp } from './gateway.app';

// Log lines go to stdout in batches (shared/observability's default destination).
void runApp(loadGatewayConfig, createGatewayApp);
