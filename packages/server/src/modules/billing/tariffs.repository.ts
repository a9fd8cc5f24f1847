import type { Environment, TariffKind } from '@fpr/contract';
import type { Db } from '../../db/database';

export interface TariffRow {
  id: string;
  kind: string;
  environment: string | null;
  bandFrom: number | null;
  bandTo: number | null;
  amountCents: number | null;
  rateBasisPoints: number | null;
  isVerified: boolean;
  validFrom: string;
  validTo: string | null;
  note: string;
  createdBy: string | null;
  createdAt: Date;
}

const columns = [
  'id',
  'kind',
  'environment',
  'bandFrom',
  'bandTo',
  'amountCents',
  'rateBasisPoints',
  'isVerified',
  'validFrom',
  'validTo',
  'note',
  'createdBy',
  'createdAt',
] as const;

/** The period of a single-amount kind in force on a day (`YYYY-MM-DD`); undefined when none covers it. */
export async function currentTariff(db: Db, kind: TariffKind, day: string): Promise<TariffRow | undefined> {
  return db
    .selectFrom('tariff')
    .select(columns)
    .where('kind', '=', kind)
    .where('validFrom', '<=', day)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', day)]))
    .executeTakeFirst();
}

export async function listTariffs(db: Db): Promise<TariffRow[]> {
  return db
    .selectFrom('tariff')
    .select(columns)
    .orderBy('kind')
    .orderBy('environment')
    .orderBy('validFrom')
    .orderBy('bandFrom')
    .execute();
}

/** Every period that covers some day from `firstDay` to `lastDay`: what a month is priced with. */
export async function listTariffsBetween(db: Db, firstDay: string, lastDay: string): Promise<TariffRow[]> {
  return db
    .selectFrom('tariff')
    .select(columns)
    .where('validFrom', '<=', lastDay)
    .where((eb) => eb.or([eb('validTo', 'is', null), eb('validTo', '>=', firstDay)]))
    .execute();
}

/** Locks every period of a kind, so two administrators adding periods at once take turns. */
export async function lockTariffKind(db: Db, kind: TariffKind): Promise<void> {
  await db.selectFrom('tariff').select('id').where('kind', '=', kind).forUpdate().execute();
}

/**
 * Ends the open periods of a kind (and environment) on `lastDay` when they started before it; the
 * closed rows. Bands of one kind close together, as one set of prices.
 */
export async function closeOpenTariffs(
  db: Db,
  kind: TariffKind,
  environment: Environment | null,
  lastDay: string,
): Promise<TariffRow[]> {
  return db
    .updateTable('tariff')
    .set({ validTo: lastDay })
    .where('kind', '=', kind)
    .where((eb) =>
      environment === null ? eb('environment', 'is', null) : eb('environment', '=', environment),
    )
    .where('validTo', 'is', null)
    .where('validFrom', '<=', lastDay)
    .returning(columns)
    .execute();
}

export interface NewTariff {
  kind: TariffKind;
  environment: Environment | null;
  bandFrom: number | null;
  bandTo: number | null;
  amountCents: number | null;
  rateBasisPoints: number | null;
  isVerified: boolean;
  validFrom: string;
  note: string;
  createdBy: string;
}

/** Inserts open-ended periods; the exclusion constraint `tariff_no_overlap` refuses an overlapping one. */
export async function insertTariffs(db: Db, tariffs: NewTariff[]): Promise<TariffRow[]> {
  return db
    .insertInto('tariff')
    .values(tariffs.map((tariff) => ({ ...tariff, validTo: null })))
    .returning(columns)
    .execute();
}
