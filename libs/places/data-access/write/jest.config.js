module.exports = {
  displayName: 'places-data-access-write',
  preset: '../../../../jest.preset.js',
  rootDir: '.',
};
