module.exports = {
  displayName: 'gateway-keys',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
