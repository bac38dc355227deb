module.exports = {
  displayName: 'faults-e2e',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
