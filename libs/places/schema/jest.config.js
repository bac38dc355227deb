module.exports = {
  displayName: 'places-schema',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
