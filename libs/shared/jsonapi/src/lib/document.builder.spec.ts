import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  JsonApiDocument,
  ResourceObject,
  createDocumentBuilder,
  defineResource,
  parseJsonApiQuery,
  parseSingleResourceQuery,
} from '../index';
import { BASE_URL, NODES, TAGS } from '../test/example.resources';

const builder = createDocumentBuilder(NODES, { baseUrl: BASE_URL, related: [TAGS] });

const ROOT = {
  id: 'root',
  name: 'Root',
  level: 'root',
  population: 100,
  parent: null,
  ancestors: [],
};
const BRANCH = {
  id: 'b 1',
  name: 'Branch',
  level: 'branch',
  population: 60,
  centroid: { lat: 52.52, lng: 13.405 },
  updatedAt: new Date('2024-01-02T03:04:05Z'),
  parent: 'root',
  ancestors: ['root'],
  tags: [{ id: 7 }],
};
const LEAF = { id: 'leaf', name: 'Leaf', level: 'leaf', population: 5, parent: { id: 'b 1' } };
const TAG = { id: 7, label: 'green' };

/** Builds a document and holds it to the JSON:API schema. */
function valid(document: JsonApiDocument): JsonApiDocument {
  expectValidJsonApiDocument(document);
  return document;
}

function identities(resources: readonly ResourceObject[] | undefined) {
  return resources?.map(({ type, id }) => `${type}:${id}`);
}

describe('createDocumentBuilder', () => {
  it('builds a single resource with links, linkage and the jsonapi member', () => {
    const document = valid(builder.resource(BRANCH, { url: '/nodes/b%201' }));
    expect(document).toEqual({
      jsonapi: { version: '1.1' },
      links: { self: `${BASE_URL}/nodes/b%201` },
      data: {
        type: 'nodes',
        id: 'b 1',
        attributes: {
          name: 'Branch',
          level: 'branch',
          population: 60,
          centroid: { lat: 52.52, lng: 13.405 },
          updatedAt: new Date('2024-01-02T03:04:05Z'),
        },
        relationships: {
          parent: {
            data: { type: 'nodes', id: 'root' },
            links: { related: `${BASE_URL}/nodes/b%201/parent` },
          },
          ancestors: {
            data: [{ type: 'nodes', id: 'root' }],
            links: { related: `${BASE_URL}/nodes/b%201/ancestors` },
          },
          children: { links: { related: `${BASE_URL}/nodes/b%201/children` } },
          tags: {
            data: [{ type: 'tags', id: '7' }],
            links: { related: `${BASE_URL}/nodes/b%201/tags` },
          },
        },
        links: { self: `${BASE_URL}/nodes/b%201` },
      },
    });
    expect(document).not.toHaveProperty('included');
  });

  it('gives empty linkage as null and [], and relationships without linkage only links', () => {
    const { data } = valid(builder.resource(ROOT, { url: '/nodes/root' }));
    expect((data as ResourceObject).relationships).toEqual({
      parent: { data: null, links: { related: `${BASE_URL}/nodes/root/parent` } },
      ancestors: { data: [], links: { related: `${BASE_URL}/nodes/root/ancestors` } },
      children: { links: { related: `${BASE_URL}/nodes/root/children` } },
      tags: { links: { related: `${BASE_URL}/nodes/root/tags` } },
    });
    const undefinedLinkage = { ...ROOT, parent: undefined };
    const { data: again } = valid(builder.resource(undefinedLinkage, { url: '/nodes/root' }));
    expect((again as ResourceObject).relationships?.['parent']).toEqual({
      links: { related: `${BASE_URL}/nodes/root/parent` },
    });
  });

  it('answers data: null for a missing to-one', () => {
    const document = valid(builder.resource(null, { url: '/nodes/root/parent' }));
    expect(document.data).toBeNull();
  });

  it('puts meta fields in the resource meta and passes top-level meta through', () => {
    const document = valid(
      builder.collection([{ ...LEAF, distance: 12.5 }, ROOT], {
        url: '/nodes?filter[near]=1,2',
        meta: { page: { total: 2 } },
      }),
    );
    const [leaf, root] = document.data as ResourceObject[];
    expect(leaf.meta).toEqual({ distance: 12.5 });
    expect(leaf.attributes).not.toHaveProperty('distance');
    expect(root).not.toHaveProperty('meta');
    expect(document.meta).toEqual({ page: { total: 2 } });
  });

  describe('compound documents', () => {
    it('has included: [] when include was asked but nothing is related', () => {
      const query = parseSingleResourceQuery('include=parent', NODES);
      const document = valid(builder.resource(ROOT, { url: '/nodes/root?include=parent', query }));
      expect(document.included).toEqual([]);
      const empty = valid(builder.collection([], { url: '/nodes?include=parent', query }));
      expect(empty).toMatchObject({ data: [], included: [] });
    });

    it('includes each resource once and never a primary resource again', () => {
      const query = parseJsonApiQuery('include=parent,ancestors,children,tags', NODES, {
        related: [TAGS],
      });
      const document = valid(
        builder.collection([BRANCH, LEAF], {
          url: '/nodes?include=parent,ancestors,children,tags',
          query,
          included: { nodes: [ROOT, BRANCH, ROOT, LEAF, ROOT], tags: [TAG, { ...TAG }] },
        }),
      );
      expect(identities(document.data as ResourceObject[])).toEqual(['nodes:b 1', 'nodes:leaf']);
      expect(identities(document.included)).toEqual(['nodes:root', 'tags:7']);
      expect(document.included?.[1]).toEqual({
        type: 'tags',
        id: '7',
        attributes: { label: 'green' },
        links: { self: `${BASE_URL}/tags/7` },
      });
    });

    it('does not repeat the single primary resource inside included', () => {
      const query = parseSingleResourceQuery('include=children', NODES);
      const document = valid(
        builder.resource(ROOT, {
          url: '/nodes/root?include=children',
          query,
          included: { nodes: [BRANCH, ROOT] },
        }),
      );
      expect(identities(document.included)).toEqual(['nodes:b 1']);
    });

    it('refuses included rows of a type it has no spec for', () => {
      const bare = createDocumentBuilder(TAGS, { baseUrl: BASE_URL });
      expect(() => bare.resource(TAG, { url: '/tags/7', included: { nodes: [ROOT] } })).toThrow(
        /No spec for included type 'nodes'/,
      );
    });

    it('needs a spec for every type an include path reaches', () => {
      expect(() => createDocumentBuilder(NODES, { baseUrl: BASE_URL })).toThrow(
        "Include path 'tags' of 'nodes' reaches 'tags': pass its spec in 'related'",
      );
    });
  });

  describe('sparse fieldsets', () => {
    it('keeps only the named attributes and relationships, on primary and included resources', () => {
      const query = parseJsonApiQuery(
        'include=parent,tags&fields[nodes]=name,parent&fields[tags]=',
        NODES,
        { related: [TAGS] },
      );
      const document = valid(
        builder.collection([BRANCH], {
          url: '/nodes',
          query,
          included: { nodes: [ROOT], tags: [TAG] },
        }),
      );
      const [branch] = document.data as ResourceObject[];
      expect(branch.attributes).toEqual({ name: 'Branch' });
      expect(Object.keys(branch.relationships ?? {})).toEqual(['parent']);
      const [root, tag] = document.included as ResourceObject[];
      expect(root.attributes).toEqual({ name: 'Root' });
      expect(root.relationships).toEqual({
        parent: { data: null, links: { related: `${BASE_URL}/nodes/root/parent` } },
      });
      expect(tag).toEqual({ type: 'tags', id: '7', links: { self: `${BASE_URL}/tags/7` } });
    });

    it('shows a relationship named in fields even without linkage', () => {
      const query = parseSingleResourceQuery('fields[nodes]=children', NODES);
      const { data } = valid(builder.resource(LEAF, { url: '/nodes/leaf', query }));
      expect(data).toEqual({
        type: 'nodes',
        id: 'leaf',
        relationships: { children: { links: { related: `${BASE_URL}/nodes/leaf/children` } } },
        links: { self: `${BASE_URL}/nodes/leaf` },
      });
    });
  });

  describe('pagination links', () => {
    const url = '/nodes?filter%5Blevel%5D=leaf&page%5Bafter%5D=OLD&page[size]=2&sort=name';

    it('replaces the cursor in the self URL and keeps every other parameter', () => {
      const document = valid(
        builder.collection([LEAF], { url, page: { next: 'NEXT', prev: 'PREV' } }),
      );
      expect(document.links).toEqual({
        self: `${BASE_URL}${url}`,
        first: `${BASE_URL}/nodes?filter%5Blevel%5D=leaf&page[size]=2&sort=name`,
        next: `${BASE_URL}/nodes?filter%5Blevel%5D=leaf&page[size]=2&sort=name&page[after]=NEXT`,
        prev: `${BASE_URL}/nodes?filter%5Blevel%5D=leaf&page[size]=2&sort=name&page[before]=PREV`,
      });
    });

    it('gives null where there is no such page', () => {
      const document = valid(
        builder.collection([LEAF], {
          url: '/nodes?page[before]=X',
          page: { next: null, prev: null },
        }),
      );
      expect(document.links).toEqual({
        self: `${BASE_URL}/nodes?page[before]=X`,
        first: `${BASE_URL}/nodes`,
        next: null,
        prev: null,
      });
    });

    it('leaves pagination links out of unpaginated collections', () => {
      expect(builder.collection([LEAF], { url: '/nodes/b/children' }).links).toEqual({
        self: `${BASE_URL}/nodes/b/children`,
      });
    });
  });

  it('rejects a row without an id', () => {
    const spec = defineResource({ type: 'things', attributes: ['name'] });
    const things = createDocumentBuilder(spec, { baseUrl: BASE_URL });
    expect(() => things.collection([{ name: 'x' } as never], { url: '/things' })).toThrow(/no id/);
  });
});
