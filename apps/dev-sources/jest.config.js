module.exports = {
  displayName: 'dev-sources',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
