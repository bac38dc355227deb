module.exports = {
  displayName: 'tours-data-access-read',
  preset: '../../../../jest.preset.js',
  rootDir: '.',
};
