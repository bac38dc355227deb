module.exports = {
  displayName: 'tours-sync',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
