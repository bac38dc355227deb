module.exports = {
  displayName: 'shared-sync',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
