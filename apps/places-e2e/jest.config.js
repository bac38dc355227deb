module.exports = {
  displayName: 'places-e2e',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testTimeout: 120_000,
};
