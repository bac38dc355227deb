import { join, resolve } from 'node:path';
import { IMAGE_BUILD_DIR, IMAGE_SOURCES, ROOT, buildApps } from './apps.build';

// The Dockerfile's build stage: every app to plain JavaScript under dist/ (or the folder given),
// as bench builds its apps.
const outDir = process.argv[2] ? resolve(process.argv[2]) : join(ROOT, IMAGE_BUILD_DIR);
const { files, seconds } = buildApps(outDir, IMAGE_SOURCES);
console.log(`built ${files} files into ${outDir} in ${seconds.toFixed(1)} s`);
