import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The spec the reference opens with: the gateway's own (its `/v1` paths, keys, plans, errors). */
export const GATEWAY_SPEC = 'gateway';

/** The specs of `openapi/`, as the API reference at `/docs` serves them to Redoc. */
export interface DocsSpecs {
  /** `gateway` first, then the dataset specs (`articles`, `places`), sorted. */
  readonly names: readonly string[];
  /** The spec as served: its `$ref`s to `./shared/...` left for Redoc to fetch. */
  spec(name: string): Record<string, unknown> | undefined;
  /** A file under `openapi/shared/` (`jsonapi.yaml`), as text. */
  shared(file: string): string | undefined;
}

type Spec = Record<string, unknown>;

/**
 * Reads the specs once. A dataset spec describes its service without `/v1` and without keys (the
 * gateway checks them); as served here it names the gateway (`<public URL>/v1`) as its server and
 * carries the gateway's security schemes, so a third party reads the URLs and headers it uses.
 * Undefined when there is no `openapi/` folder above `from` (a build without the specs).
 */
export function loadDocsSpecs(publicBaseUrl: string, from = __dirname): DocsSpecs | undefined {
  const folder = findOpenApiFolder(from);
  if (!folder) return undefined;
  const specs = new Map<string, Spec>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.yaml'))) {
    const doc: unknown = parse(readFileSync(path.join(folder, file), 'utf8'));
    if (isObject(doc) && typeof doc['openapi'] === 'string') {
      specs.set(file.slice(0, -'.yaml'.length), doc);
    }
  }
  const gateway = specs.get(GATEWAY_SPEC);
  if (!gateway) return undefined;
  const datasets = [...specs.keys()].filter((name) => name !== GATEWAY_SPEC).sort();
  const served = new Map<string, Spec>([
    [GATEWAY_SPEC, asGatewayReference(gateway, publicBaseUrl, datasets)],
    ...datasets.map(
      (name) => [name, asDatasetReference(specs.get(name)!, gateway, publicBaseUrl)] as const,
    ),
  ]);
  const sharedFolder = path.join(folder, 'shared');
  const shared = new Map<string, string>(
    existsSync(sharedFolder)
      ? readdirSync(sharedFolder)
          .filter((name) => name.endsWith('.yaml'))
          .map((name) => [name, readFileSync(path.join(sharedFolder, name), 'utf8')] as const)
      : [],
  );
  return {
    names: [GATEWAY_SPEC, ...datasets],
    spec: (name) => served.get(name),
    shared: (file) => shared.get(file),
  };
}

function asGatewayReference(gateway: Spec, publicBaseUrl: string, datasets: string[]): Spec {
  const info = asObject(gateway['info']);
  const links = datasets.map((name) => `[${name}](/docs/${name})`).join(', ');
  return {
    ...gateway,
    info: {
      ...info,
      description: `${String(info['description'] ?? '')}\n**Dataset references** (every parameter and document of the proxied routes): ${links}.\n`,
    },
    servers: [{ url: publicBaseUrl, description: 'The gateway.' }],
  };
}

function asDatasetReference(spec: Spec, gateway: Spec, publicBaseUrl: string): Spec {
  const info = asObject(spec['info']);
  const components = asObject(spec['components']);
  const gatewayComponents = asObject(gateway['components']);
  return {
    ...spec,
    info: {
      ...info,
      description: `Served through the gateway under \`/v1\`, with an API key: see [the gateway's reference](/docs) for keys, plans, rate limits and its own errors (401, 403, 429, 502, 504).\n\n${String(info['description'] ?? '')}`,
    },
    servers: [{ url: `${publicBaseUrl}/v1`, description: 'The gateway.' }],
    security: gateway['security'],
    components: { ...components, securitySchemes: gatewayComponents['securitySchemes'] },
  };
}

function findOpenApiFolder(from: string): string | undefined {
  for (let directory = from; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'openapi');
    if (existsSync(path.join(candidate, `${GATEWAY_SPEC}.yaml`))) return candidate;
    if (path.dirname(directory) === directory) return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
