module.exports = {
  displayName: 'articles-schema',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
