import { Serializer } from 'jsonapi-serializer';
import { ResourceObject, ResourceRow, ResourceSpec, createDocumentBuilder } from '../index';
import { BASE_URL, NODES, TAGS } from '../test/example.resources';

/** jsonapi-serializer configured as the builder once used it: the reference for shared members. */
function referenceSerializer(spec: ResourceSpec) {
  const relationships = Object.entries(spec.relationships ?? {});
  const types = new Map<string, string>([[spec.type, spec.type]]);
  const options: Record<string, unknown> = {
    attributes: [...spec.attributes, ...relationships.map(([name]) => name)],
    keyForAttribute: (key: string) => key,
    pluralizeType: false,
    typeForAttribute: (attribute: string) => types.get(attribute),
    dataLinks: {
      self: (row: { id: string }) =>
        `${BASE_URL}/${spec.type}/${encodeURIComponent(String(row.id))}`,
    },
  };
  for (const [name, relationship] of relationships) {
    types.set(name, relationship.type);
    options[name] = {
      ref: (_: unknown, item: unknown) => {
        if (item === null || item === undefined) return undefined;
        const id = typeof item === 'object' ? (item as { id?: unknown }).id : item;
        return id === null || id === undefined ? undefined : String(id);
      },
      included: false,
    };
  }
  return new Serializer(spec.type, options);
}

/** What jsonapi-serializer is responsible for: identity, self link, attributes, linkage. */
function sharedMembers(resource: ResourceObject) {
  const data = Object.fromEntries(
    Object.entries(resource.relationships ?? {})
      .filter(([, relationship]) => 'data' in relationship)
      .map(([name, relationship]) => [name, relationship.data]),
  );
  return {
    type: resource.type,
    id: resource.id,
    links: resource.links,
    attributes: resource.attributes,
    data,
  };
}

const ROWS: readonly (ResourceRow & Record<string, unknown>)[] = [
  { id: 'root', name: 'Root', level: 'root', population: 100, parent: null, ancestors: [] },
  {
    id: 'b 1',
    name: 'Branch',
    level: 'branch',
    population: null,
    centroid: { lat: 52.52, lng: 13.405, nested: [{ a: 1 }, [2, 3]] },
    updatedAt: new Date('2024-01-02T03:04:05Z'),
    parent: 'root',
    ancestors: ['root', null, { id: 'x' }],
    tags: [{ id: 7 }, 8],
    distance: 12.5,
  },
  { id: 42, name: 'Leaf', parent: { id: 'b 1' }, tags: [] },
];

describe('document builder against jsonapi-serializer', () => {
  it.each([
    ['nodes', NODES, ROWS],
    ['tags', TAGS, [{ id: 7, label: 'green' }, { id: 8 }]],
  ] as [string, ResourceSpec, readonly ResourceRow[]][])(
    'gives the same %s resource members as the library',
    (_, spec, rows) => {
      const builder = createDocumentBuilder(spec, { baseUrl: BASE_URL, related: [NODES, TAGS] });
      const ours = builder.collection(rows, { url: `/${spec.type}` }).data as ResourceObject[];
      const { data: reference } = referenceSerializer(spec).serialize(rows) as {
        data: ResourceObject[];
      };
      expect(ours.map(sharedMembers)).toEqual(reference.map(sharedMembers));
      // Same members in the same order: the JSON is byte for byte what the library gave.
      expect(JSON.stringify(ours.map(sharedMembers))).toBe(
        JSON.stringify(reference.map(sharedMembers)),
      );
    },
  );
});
