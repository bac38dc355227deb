export * from './lib/lodging.write-repository';
export * from './lib/partner-city.write-repository';
