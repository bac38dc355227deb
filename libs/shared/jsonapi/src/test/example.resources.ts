import { defineResource, filterValue } from '../index';

/** A tree-shaped example resource: the shape dataset services give their specs. */
export const NODES = defineResource({
  type: 'nodes',
  attributes: ['name', 'level', 'population', 'centroid', 'updatedAt'],
  relationships: {
    parent: { type: 'nodes', kind: 'to-one' },
    ancestors: { type: 'nodes', kind: 'to-many' },
    children: { type: 'nodes', kind: 'to-many' },
    tags: { type: 'tags', kind: 'to-many' },
  },
  meta: ['distance'],
  sortable: { name: 'string', population: 'number', updatedAt: 'date' },
  defaultSort: ['name'],
  includes: ['parent', 'ancestors', 'children', 'tags', 'parent.tags'],
  filters: {
    level: filterValue.enum(['root', 'branch', 'leaf']),
    q: filterValue.string(),
    near: filterValue.latLng(),
    radius: filterValue.int(1, 50_000),
    minPopulation: filterValue.number(0),
    leaf: filterValue.boolean(),
    updatedAfter: filterValue.isoDate(),
    ids: filterValue.list(filterValue.string()),
    'parent.direct': filterValue.boolean(),
  },
});

export const TAGS = defineResource({
  type: 'tags',
  attributes: ['label'],
  sortable: { label: 'string' },
});

export const BASE_URL = 'https://api.example.test/v1';
