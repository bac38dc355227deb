module.exports = {
  displayName: 'shared-read-api',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
