// Runs TypeScript sources directly (decorator metadata and tsconfig paths included) via SWC.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
