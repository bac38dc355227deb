// Checks of the deployment files (Dockerfile, docker-compose.yml, k8s/). They need no database:
// no template-database global setup when run alone.
module.exports = {
  displayName: 'deploy',
  preset: '../../jest.preset.js',
  rootDir: '.',
  globalSetup: undefined,
};
