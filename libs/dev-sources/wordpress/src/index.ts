export * from './lib/wordpress.types';
export * from './lib/wordpress.query';
export * from './lib/wordpress.render';
export * from './lib/wordpress.site';
export * from './lib/wordpress.stand-in';
export * from './lib/wordpress.fixture';
