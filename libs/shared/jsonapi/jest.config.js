module.exports = {
  displayName: 'shared-jsonapi',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
