module.exports = {
  displayName: 'articles-api',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
