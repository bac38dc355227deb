module.exports = {
  displayName: 'articles-sync',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
