import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// A purpose may declare the population it serves as territories of ATVK 2021 (a municipality's
// code covers its towns and parishes). PMLP's misuse signals count deliveries of persons declared
// outside them. Empty: no declared population (a state-wide purpose), nothing to compare.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE purpose ADD COLUMN population_territories text[] NOT NULL DEFAULT '{}'
      CONSTRAINT purpose_population_territories_atvk
      CHECK (array_to_string(population_territories, ',') ~ '^([0-9]{7}(,[0-9]{7})*)?$')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE purpose DROP COLUMN population_territories`.execute(db);
}
