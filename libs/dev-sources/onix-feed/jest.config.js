module.exports = {
  displayName: 'dev-sources-onix-feed',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
