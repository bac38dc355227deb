module.exports = {
  displayName: 'articles-data-access-write',
  preset: '../../../../jest.preset.js',
  rootDir: '.',
};
