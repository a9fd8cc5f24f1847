import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// A citizen portal reads data-subject reports with a dedicated system client: PMLP grants that one
// client the right, recorded with who, when and why; no other client may read anyone's report.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE system_client
      ADD COLUMN may_read_subject_reports boolean NOT NULL DEFAULT false,
      ADD COLUMN subject_reports_changed_by uuid REFERENCES app_user (id),
      ADD COLUMN subject_reports_changed_at timestamptz,
      ADD COLUMN subject_reports_reason text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE system_client
      DROP COLUMN may_read_subject_reports,
      DROP COLUMN subject_reports_changed_by,
      DROP COLUMN subject_reports_changed_at,
      DROP COLUMN subject_reports_reason`.execute(db);
}
