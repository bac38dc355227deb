module.exports = {
  displayName: 'tours-api',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
