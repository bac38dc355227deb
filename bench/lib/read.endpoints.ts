/** The read requests every contender answers, as paths of places-api (the gateway adds /v1). */
export const READ_ENDPOINTS = [
  {
    name: 'children',
    title: 'children of a country',
    path: '/places/country-de/children',
    pageSize: 20,
  },
  {
    name: 'poi-page',
    title: '50 points of interest in a country (roll-up)',
    path: '/pointsOfInterest?filter[place]=country-de&page[size]=50',
    pageSize: 50,
  },
  {
    name: 'poi-page-small',
    title: '50 points of interest in a small country (roll-up)',
    path: '/pointsOfInterest?filter[place]=country-lu&page[size]=50',
    pageSize: 50,
  },
  {
    name: 'poi-page-city',
    title: '50 points of interest in a city (roll-up)',
    path: '/pointsOfInterest?filter[place]=city-2950159&page[size]=50',
    pageSize: 50,
  },
  {
    name: 'near',
    title: 'places near a point',
    path: '/places?filter[near]=52.52,13.405',
    pageSize: 20,
  },
  {
    name: 'place-ancestors',
    title: 'one place with include=ancestors',
    path: '/places/city-2950159?include=ancestors',
    pageSize: null,
  },
] as const;

export type ReadEndpoint = (typeof READ_ENDPOINTS)[number];
export type EndpointName = ReadEndpoint['name'];
