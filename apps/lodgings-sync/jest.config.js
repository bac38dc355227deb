module.exports = {
  displayName: 'lodgings-sync',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
