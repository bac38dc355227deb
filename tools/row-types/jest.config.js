// Holds every schema lib's kysely row types to the migrated database (a clone of the template).
module.exports = {
  displayName: 'row-types',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
