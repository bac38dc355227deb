module.exports = {
  displayName: 'generators',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
};
