import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ApiKeyRepository,
  GatewayDatabase,
  hashApiKey,
  isWellFormedApiKey,
} from '@waypost/gateway/keys';
import { createDatabase } from '@waypost/shared/db';

/** Where `npm start` keeps the demo key's plaintext (git-ignored); the database holds only its hash. */
export const DEMO_KEY_FILE = path.join(__dirname, '..', '..', '..', 'tmp', 'demo-api-key');
export const DEMO_KEY_NAME = 'demo';
export const DEMO_KEY_PLAN = 'first-party';

export interface DemoKey {
  readonly key: string;
  readonly id: string;
  /** True when this call created the key (first run, or the saved one was gone or revoked). */
  readonly created: boolean;
}

/**
 * The first-party demo key for `npm start`: the one saved in `file` while it is still active,
 * otherwise a new one, saved there (mode 0600). Needs the gateway migrations applied.
 */
export async function ensureDemoKey(databaseUrl: string, file = DEMO_KEY_FILE): Promise<DemoKey> {
  const db = createDatabase<GatewayDatabase>({
    url: databaseUrl,
    maxConnections: 1,
    applicationName: 'waypost-demo-key',
  });
  try {
    const keys = new ApiKeyRepository(db);
    const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (isWellFormedApiKey(saved)) {
      const record = await keys.findActiveByHash(hashApiKey(saved));
      if (record) return { key: saved, id: record.id, created: false };
    }
    const { key, record } = await keys.create({ name: DEMO_KEY_NAME, plan: DEMO_KEY_PLAN });
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return { key, id: record.id, created: true };
  } finally {
    await db.destroy();
  }
}
