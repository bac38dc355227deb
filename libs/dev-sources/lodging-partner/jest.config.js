module.exports = {
  displayName: 'dev-sources-lodging-partner',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
