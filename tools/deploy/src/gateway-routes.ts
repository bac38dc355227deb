import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { DATASETS } from './workspace';

const ROOT = join(__dirname, '..', '..', '..');
/** The routes file of `npm start` (upstreams on 127.0.0.1). */
export const SOURCE_ROUTES_FILE = join(ROOT, 'config', 'gateway.routes.yaml');
/** The same routes with the upstreams at their Service (k8s) or service (compose) names. */
export const CONTAINER_ROUTES_FILE = join(ROOT, 'k8s', 'base', 'gateway.routes.yaml');

const HEADER =
  '# Generated from config/gateway.routes.yaml by tools/deploy/src/gateway-routes.ts: edit that\n' +
  '# file, then run `node -r ./tools/register.js tools/deploy/src/gateway-routes.ts`. Upstreams are\n' +
  "# the read services' Kubernetes Services (and docker-compose services) of the same name and port.\n\n";

/** The upstream URL of a read service inside the cluster or compose network. */
export function containerUpstreamUrl(upstream: string): string {
  const dataset = DATASETS.find((d) => d.api.project === upstream);
  if (!dataset) {
    throw new Error(
      `upstream "${upstream}" is not the read service of a dataset in tools/datasets.ts`,
    );
  }
  return `http://${dataset.api.project}:${dataset.api.port}`;
}

/**
 * The container routes file for a routes file: the same text (comments and formatting kept) with
 * each upstream's URL replaced, under a header saying where it comes from.
 */
export function containerRoutes(source: string): string {
  const document = parseDocument(source);
  const upstreams = document.get('upstreams');
  if (!isMap(upstreams)) throw new Error('the routes file has no upstreams map');
  const replacements = upstreams.items.map((item) => {
    const name = String(isScalar(item.key) ? item.key.value : item.key);
    const url = isMap(item.value) ? item.value.get('url', true) : undefined;
    if (!isScalar(url) || !url.range) throw new Error(`upstreams.${name} has no url`);
    return { from: url.range[0], to: url.range[1], text: containerUpstreamUrl(name) };
  });
  let text = source;
  for (const r of replacements.sort((a, b) => b.from - a.from)) {
    text = text.slice(0, r.from) + r.text + text.slice(r.to);
  }
  return `${HEADER}${text}`;
}

if (require.main === module) {
  writeFileSync(CONTAINER_ROUTES_FILE, containerRoutes(readFileSync(SOURCE_ROUTES_FILE, 'utf8')));
  console.log(`wrote ${CONTAINER_ROUTES_FILE}`);
}
