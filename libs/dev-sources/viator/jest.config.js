module.exports = {
  displayName: 'dev-sources-viator',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
