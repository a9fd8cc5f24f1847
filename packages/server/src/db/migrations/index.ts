import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { migrateJobQueue } from '../../modules/jobs/job-queue';
import * as m0001 from './0001-register';
import * as m0002 from './0002-access';
import * as m0003 from './0003-calendar-history';
import * as m0005 from './0005-connection-history';
import * as m0006 from './0006-organisation-history';
import * as m0007 from './0007-audit';
import * as m0008 from './0008-ledger';
import * as m0009 from './0009-subject-report-clients';
import * as m0010 from './0010-calendar-2026';
import * as m0011 from './0011-monitoring-subscriptions';
import * as m0012 from './0012-monitoring';
import * as m0013 from './0013-webhooks';
import * as m0014 from './0014-billing-tariffs';
import * as m0015 from './0015-invoices';
import * as m0018 from './0018-balance-slots';
import * as m0019 from './0019-audit-chain-links';
import * as m0022 from './0022-delivery-function';
import * as m0025 from './0025-debit-without-subtransaction';
import * as m0026 from './0026-delivery-answer-in-sql';
import * as m0027 from './0027-register-read-function';
import * as m0028 from './0028-audit-links-in-postgresql';
import * as m0029 from './0029-person-indexes-lead-with-the-key';
import * as m0030 from './0030-deliveries-committed-together';
import * as m0031 from './0031-person-changes-set-based';
import * as m0032 from './0032-change-event-guard-condition';
import * as m0033 from './0033-purpose-population';

/** Every migration, listed explicitly (no directory scanning), in the order they apply. */
export const migrations: Record<string, Migration> = {
  '0001-register': m0001,
  '0002-access': m0002,
  '0003-calendar-history': m0003,
  '0005-connection-history': m0005,
  '0006-organisation-history': m0006,
  '0007-audit': m0007,
  '0008-ledger': m0008,
  '0009-subject-report-clients': m0009,
  '0010-calendar-2026': m0010,
  '0011-monitoring-subscriptions': m0011,
  '0012-monitoring': m0012,
  '0013-webhooks': m0013,
  '0014-billing-tariffs': m0014,
  '0015-invoices': m0015,
  '0018-balance-slots': m0018,
  '0019-audit-chain-links': m0019,
  '0022-delivery-function': m0022,
  '0025-debit-without-subtransaction': m0025,
  '0026-delivery-answer-in-sql': m0026,
  '0027-register-read-function': m0027,
  '0028-audit-links-in-postgresql': m0028,
  '0029-person-indexes-lead-with-the-key': m0029,
  '0030-deliveries-committed-together': m0030,
  '0031-person-changes-set-based': m0031,
  '0032-change-event-guard-condition': m0032,
  '0033-purpose-population': m0033,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Brings the database to the latest schema; throws with the failing migration's name. The job
 * queue keeps its own schema and versions (`graphile_worker`), upgraded here too.
 */
export async function migrateToLatest<T>(db: Kysely<T>, connectionString: string): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed?.migrationName ?? 'unknown';
    throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  await migrateJobQueue(connectionString);
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
