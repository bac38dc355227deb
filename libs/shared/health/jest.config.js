module.exports = {
  displayName: 'shared-health',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
