const { getJestProjectsAsync } = require('@nx/jest');

// Global options (a project's own testTimeout is ignored in a multi-project run).
module.exports = async () => ({
  projects: await getJestProjectsAsync(),
  testTimeout: 120_000,
});
