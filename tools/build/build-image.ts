import { join } from 'node:path';
import { IMAGE_BUILD_DIR, IMAGE_SOURCES, ROOT, buildApps } from './apps.build';

// The Dockerfile's build stage: every app to plain JavaScript under dist/, as bench builds its apps.
const { files, seconds } = buildApps(join(ROOT, IMAGE_BUILD_DIR), IMAGE_SOURCES);
console.log(`built ${files} files into ${IMAGE_BUILD_DIR}/ in ${seconds.toFixed(1)} s`);
