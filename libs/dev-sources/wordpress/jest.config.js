module.exports = {
  displayName: 'dev-sources-wordpress',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
