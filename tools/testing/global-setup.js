// Jest global setup: migrate a template database once per set of migrations; suites clone it
// (CREATE DATABASE ... TEMPLATE). Its name carries a hash of the migration sources (and the shared
// migration helpers they call), so concurrent
// runs share it and a changed migration gets a fresh one.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync, statSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

function migrationSources(dir, found = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(full).isDirectory()) migrationSources(full, found);
    else if (
      /migrations?\//.test(full) ||
      /sync-tables\.ts$/.test(full) ||
      /place-rollup\.ts$/.test(full) ||
      /all-migrations\.ts$/.test(full)
    )
      found.push(full);
  }
  return found;
}

module.exports = async function globalSetup() {
  if (process.env.WAYPOST_TEST_TEMPLATE) return; // once per run, though Jest calls it per project
  const hash = createHash('sha1');
  for (const file of [
    ...migrationSources(path.join(ROOT, 'libs')),
    ...migrationSources(path.join(ROOT, 'tools/db')),
  ].sort()) {
    hash.update(file).update(readFileSync(file));
  }
  const template = `waypost_test_template_${hash.digest('hex').slice(0, 12)}`;
  execFileSync(
    process.execPath,
    ['-r', './tools/register.js', 'tools/testing/prepare-template.ts', template],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  process.env.WAYPOST_TEST_TEMPLATE = template;
};
