module.exports = {
  displayName: 'dev-sources-google-places',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
