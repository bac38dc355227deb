import { Kysely, Migration, sql } from 'kysely';

export const createApiKeys: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table gateway.api_keys (
        id text primary key,
        name text not null,
        plan text not null,
        key_hash text not null unique,
        key_prefix text not null,
        allowed_origins text[] not null default '{}',
        created_at timestamptz not null default now(),
        revoked_at timestamptz
      )`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table gateway.api_keys`.execute(db);
  },
};
