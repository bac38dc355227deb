module.exports = {
  displayName: 'places-api',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
