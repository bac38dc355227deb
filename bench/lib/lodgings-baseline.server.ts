/*
 * The lodgings read baseline: plain node:http and pg, one SQL statement per request (the roll-up
 * page of a place by price, as lodgings-api reads it, without the count), documents built by hand.
 * What lodgings-api would cost without a framework, a query builder or a serializer. A child
 * process of bench/lodgings-sync.ts: PORT, DATABASE_URL.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10 });
const PAGE_SQL = `
  select t.id, t.name, t.type, t.address, t.district, t.latitude, t.longitude, t.rating,
         t.rating_count, t.price::text as price, t.currency, t.facilities, t.images,
         t.direct_place_ids[1] as place_id
  from lodgings.lodgings_by_place r join lodgings.lodgings t on t.id = r.id
  where r.place_id = $1 order by r.price, r.id limit $2`;

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://baseline');
  const place = url.searchParams.get('filter[place]') ?? 'world';
  const size = Number(url.searchParams.get('page[size]') ?? '20');
  pool.query(PAGE_SQL, [place, size + 1]).then(
    ({ rows }) => {
      const data = rows.slice(0, size).map((r) => ({
        type: 'lodgings',
        id: r.id,
        attributes: {
          name: r.name,
          lodgingType: r.type,
          address: r.address,
          district: r.district,
          location:
            r.latitude === null ? null : { type: 'Point', coordinates: [r.longitude, r.latitude] },
          rating: r.rating,
          ratingCount: r.rating_count,
          lowestPricePerNight: r.price === null ? null : { amount: r.price, currency: r.currency },
          facilities: r.facilities,
          images: r.images,
        },
        relationships: { place: { data: r.place_id && { type: 'places', id: r.place_id } } },
        links: { self: `/lodgings/${r.id}` },
      }));
      res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
      res.end(JSON.stringify({ jsonapi: { version: '1.1' }, data, links: { self: req.url } }));
    },
    (error: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error.message);
    },
  );
}).listen(Number(process.env['PORT']), '127.0.0.1');
