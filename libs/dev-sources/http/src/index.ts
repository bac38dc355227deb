export * from './lib/stand-in.server';
export * from './lib/prefix.router';
export * from './lib/request.budget';
export * from './lib/failure.injector';
