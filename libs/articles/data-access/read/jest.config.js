module.exports = {
  displayName: 'articles-data-access-read',
  preset: '../../../../jest.preset.js',
  rootDir: '.',
};
