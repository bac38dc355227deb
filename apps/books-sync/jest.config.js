module.exports = {
  displayName: 'books-sync',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
