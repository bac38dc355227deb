// What operators and third parties use: alerting and recording rules (promtool), dashboards
// (their PromQL against a real Prometheus scraping the running apps), the spec lint rules.
module.exports = {
  displayName: 'ops',
  preset: '../jest.preset.js',
  rootDir: '.',
};
