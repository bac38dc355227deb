module.exports = {
  displayName: 'dev-sources-http',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
