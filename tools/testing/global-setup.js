// Jest global setup: migrate a template database once per run; suites clone it (CREATE DATABASE ... TEMPLATE).
// Runs in a child process so that the TypeScript path aliases resolve outside Jest's module system.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

let prepared = false;

module.exports = async function globalSetup() {
  if (prepared) return; // called once per project in a multi-project run
  const root = path.join(__dirname, '..', '..');
  execFileSync(
    process.execPath,
    ['-r', './tools/register.js', 'tools/testing/prepare-template.ts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  prepared = true;
};
