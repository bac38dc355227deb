// Prints how long the document builder takes for a 50-row page; run with
// `node -r ./tools/register.js libs/shared/jsonapi/bench/document-builder.bench.ts`.
import { Serializer } from 'jsonapi-serializer';
import { performance } from 'node:perf_hooks';
import { createDocumentBuilder, defineResource, parseJsonApiQuery } from '../src/index';

const ITEMS = defineResource({
  type: 'items',
  attributes: ['name', 'level', 'slug', 'population', 'centroid', 'bbox', 'timezone', 'updatedAt'],
  relationships: {
    parent: { type: 'items', kind: 'to-one' },
    ancestors: { type: 'items', kind: 'to-many' },
    children: { type: 'items', kind: 'to-many' },
  },
  meta: ['distance'],
  includes: ['parent'],
});

const rows = Array.from({ length: 50 }, (_, i) => ({
  id: `item-${i}`,
  name: `Item ${i}`,
  level: 'city',
  slug: `item-${i}`,
  population: 1000 * i,
  centroid: { lat: 52.52 + i / 100, lng: 13.405 - i / 100 },
  bbox: [13.1, 52.3, 13.8, 52.7],
  timezone: 'Europe/Berlin',
  updatedAt: new Date('2024-05-01T12:00:00Z'),
  parent: `parent-${i % 5}`,
  ancestors: ['world', 'europe', `parent-${i % 5}`],
  distance: i * 10.5,
}));
const parents = Array.from({ length: 5 }, (_, i) => ({ id: `parent-${i}`, name: `Parent ${i}` }));

function measure(label: string, run: () => unknown): void {
  for (let i = 0; i < 2_000; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[samples.length >> 1];
  const p95 = samples[Math.floor(samples.length * 0.95)];
  console.log(`${label}: median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms per 50-row page`);
}

const builder = createDocumentBuilder(ITEMS, { baseUrl: 'https://api.example.test/v1' });
const plain = parseJsonApiQuery('', ITEMS);
const compound = parseJsonApiQuery('include=parent&fields[items]=name,level,parent', ITEMS);
const page = { next: 'bmV4dA', prev: null };
const raw = new Serializer('items', {
  attributes: [...ITEMS.attributes, 'parent'],
  keyForAttribute: (key: string) => key,
  pluralizeType: false,
  typeForAttribute: () => 'items',
  parent: { ref: (_: unknown, id: string) => id, included: false },
});

measure('jsonapi-serializer alone (well configured)', () => raw.serialize(rows));
measure('document builder, collection', () =>
  builder.collection(rows, { url: '/items?page[size]=50', query: plain, page }),
);
measure('document builder, include + sparse fields', () =>
  builder.collection(rows, {
    url: '/items?include=parent&fields[items]=name,level,parent',
    query: compound,
    included: { items: parents },
    page,
  }),
);
measure('document builder, collection + JSON.stringify', () =>
  JSON.stringify(builder.collection(rows, { url: '/items?page[size]=50', query: plain, page })),
);
