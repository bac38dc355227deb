module.exports = {
  displayName: 'lodgings-api',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
