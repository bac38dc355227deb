module.exports = {
  displayName: 'books-api',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
