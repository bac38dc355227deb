export * from './lib/read-api.config';
export * from './lib/document.responder';
export * from './lib/collection.helpers';
export * from './lib/read-api.app';
export * from './lib/read.router';
export * from './lib/read-api.module';
