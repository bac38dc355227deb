import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureDemoKey } from '../src/demo-key';
import { GatewayTestBed, createGatewayTestBed } from './support/gateway.harness';
import { hashApiKey } from '@waypost/gateway/keys';

describe('ensureDemoKey (npm start)', () => {
  let bed: GatewayTestBed;
  let folder: string;
  let file: string;

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-demo-key');
    folder = await mkdtemp(path.join(tmpdir(), 'demo-key-'));
    file = path.join(folder, 'tmp', 'demo-api-key');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await bed.drop();
  });

  it('creates a first-party key on the first run, keeps only its hash in the database, and reuses it later', async () => {
    const first = await ensureDemoKey(bed.database.url, file);
    expect(first.created).toBe(true);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await bed.keys.findActiveByHash(hashApiKey(first.key))).toMatchObject({
      id: first.id,
      plan: 'first-party',
      name: 'demo',
    });

    expect(await ensureDemoKey(bed.database.url, file)).toEqual({ ...first, created: false });

    await bed.keys.revoke(first.id);
    const replaced = await ensureDemoKey(bed.database.url, file);
    expect(replaced.created).toBe(true);
    expect(replaced.key).not.toBe(first.key);
    expect((await readFile(file, 'utf8')).trim()).toBe(replaced.key);
  });
});
