module.exports = {
  displayName: 'places-sync',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
