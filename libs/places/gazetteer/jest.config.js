module.exports = {
  displayName: 'places-gazetteer',
  preset: '../../../jest.preset.js',
  rootDir: '.',
};
