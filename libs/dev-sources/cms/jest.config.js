module.exports = {
  displayName: 'dev-sources-cms',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
