import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// A connection's history names its action and keeps the settings before and after a change (who
// widened an IP allow-list matters as much as who suspended a connection); a revoked system client
// keeps the reason it was revoked for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE connection_event ADD COLUMN action text`.execute(db);
  await sql`
    UPDATE connection_event SET action = CASE
      WHEN from_status IS NULL THEN 'created'
      WHEN to_status = 'active' AND from_status = 'configured' THEN 'activated'
      WHEN to_status = 'active' THEN 'restored'
      WHEN to_status = 'suspended' THEN 'suspended'
      ELSE 'settingsChanged' END`.execute(db);
  await sql`
    ALTER TABLE connection_event
      ALTER COLUMN action SET NOT NULL,
      ADD CONSTRAINT connection_event_action CHECK (action IN
        ('created', 'activated', 'suspended', 'restored', 'settingsChanged')),
      ADD COLUMN detail jsonb NOT NULL DEFAULT '{}'`.execute(db);
  await sql`ALTER TABLE system_client ADD COLUMN revocation_reason text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE system_client DROP COLUMN IF EXISTS revocation_reason`.execute(db);
  await sql`ALTER TABLE connection_event DROP COLUMN IF EXISTS detail, DROP COLUMN IF EXISTS action`.execute(
    db,
  );
}
