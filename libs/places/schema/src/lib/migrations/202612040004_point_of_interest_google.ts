import { Kysely, Migration, sql } from 'kysely';

/**
 * Points of interest enriched from Google Places (issue 14): the Google place id the CMS carries,
 * what Google says of the place (address, website, rating, opening hours in the CMS's weekly
 * shape, business status) with when it was fetched, the POI's IANA time zone, the daily request
 * count the budget is held to, and `open_at`, the opening-hours test behind `filter[openAt]`.
 *
 * The CMS columns (`address`, `opening_hours`) stay the CMS's: Google's values live beside them
 * and readers take the CMS's where it has one, so neither writer can overwrite the other.
 */
export const addPointOfInterestGoogle: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      alter table places.points_of_interest
        add column time_zone text,
        add column google_place_id text,
        add column google_place_id_not_found text,
        add column google_address text,
        add column google_website text,
        add column google_rating real,
        add column google_opening_hours jsonb,
        add column google_business_status text,
        add column permanently_closed boolean not null default false,
        add column google_fetched_at timestamptz`.execute(db);
    // The enrichment's queue: linked points of interest, never fetched first, then the stalest.
    await sql`
      create index poi_google_due on places.points_of_interest (google_fetched_at nulls first, id)
      where google_place_id is not null`.execute(db);
    await sql`
      create table places.google_places_usage (
        day date primary key,
        requests integer not null default 0
      )`.execute(db);
    // A new (or removed) link forgets what Google said of the old one; an id Google answered
    // NOT_FOUND for is not linked again when the CMS sends it again, only a different one is.
    await sql`
      create function places.poi_google_link() returns trigger language plpgsql as $$
      begin
        if new.google_place_id is not null
           and new.google_place_id = new.google_place_id_not_found
           and old.google_place_id is null then
          new.google_place_id := null;
        end if;
        if new.google_place_id is distinct from old.google_place_id then
          new.google_address := null;
          new.google_website := null;
          new.google_rating := null;
          new.google_opening_hours := null;
          new.google_business_status := null;
          new.permanently_closed := false;
          new.google_fetched_at := null;
          if new.google_place_id is not null then
            new.google_place_id_not_found := null;
          end if;
        end if;
        return new;
      end $$`.execute(db);
    await sql`
      create trigger poi_google_link before update of google_place_id
      on places.points_of_interest for each row execute function places.poi_google_link()`.execute(
      db,
    );
    // Open at a moment in the POI's local time. Hours are per weekday lists of ["HH:MM", "HH:MM"]
    // (the CMS's shape): a close of "24:00" is midnight, a close at or before the open is on the
    // next day, so the previous day's overnight opening counts too.
    await sql`
      create function places.open_at(hours jsonb, tz text, at timestamptz) returns boolean
      language sql stable parallel safe
      return (
        with l as (
          select extract(dow from at at time zone tz)::int as dow,
                 to_char(at at time zone tz, 'HH24:MI') as hm
        ), days as (
          select '{sun,mon,tue,wed,thu,fri,sat}'::text[] as names
        )
        select coalesce(
          exists (
            select 1 from l, days,
              jsonb_array_elements(case jsonb_typeof(hours -> names[l.dow + 1])
                when 'array' then hours -> names[l.dow + 1] else '[]' end) as p
            where l.hm >= p ->> 0 and (l.hm < p ->> 1 or p ->> 1 <= p ->> 0)
          ) or exists (
            select 1 from l, days,
              jsonb_array_elements(case jsonb_typeof(hours -> names[(l.dow + 6) % 7 + 1])
                when 'array' then hours -> names[(l.dow + 6) % 7 + 1] else '[]' end) as p
            where p ->> 1 <= p ->> 0 and l.hm < p ->> 1
          ), false)
      )`.execute(db);
    // Rows synced before this migration get their time zone and Google id from the CMS again.
    await sql`delete from places.sync_watermarks where source = 'cms-points-of-interest'`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`drop function places.open_at(jsonb, text, timestamptz)`.execute(db);
    await sql`drop trigger poi_google_link on places.points_of_interest`.execute(db);
    await sql`drop function places.poi_google_link()`.execute(db);
    await sql`drop table places.google_places_usage`.execute(db);
    await sql`drop index places.poi_google_due`.execute(db);
    await sql`
      alter table places.points_of_interest
        drop column time_zone, drop column google_place_id, drop column google_place_id_not_found,
        drop column google_address, drop column google_website, drop column google_rating,
        drop column google_opening_hours, drop column google_business_status,
        drop column permanently_closed, drop column google_fetched_at`.execute(db);
  },
};
