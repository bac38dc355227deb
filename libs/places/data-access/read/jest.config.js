module.exports = {
  displayName: 'places-data-access-read',
  preset: '../../../../jest.preset.js',
  rootDir: '.',
};
