module.exports = {
  displayName: 'dev-sources-gadventures',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
