import type { TariffKind } from '@fpr/contract';
import type { Db } from '../../db/database';

export interface TariffRow {
  id: string;
  kind: string;
  amountCents: number;
  validFrom: string;
  validTo: string | null;
  note: string;
  createdBy: string | null;
  createdAt: Date;
}

const columns = [
  'id',
  'kind',
  'amountCents',
  'validFrom',
  'validTo',
  'note',
  'createdBy',
  'createdAt',
] as const;

/** The period of a kind in force on a day (`YYYY-MM-DD`); undefined when none covers it. */
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
  return db.selectFrom('tariff').select(columns).orderBy('kind').orderBy('validFrom').execute();
}

/** Locks every period of a kind, so two administrators adding periods at once take turns. */
export async function lockTariffKind(db: Db, kind: TariffKind): Promise<void> {
  await db.selectFrom('tariff').select('id').where('kind', '=', kind).forUpdate().execute();
}

/** Ends the open period of a kind on `lastDay` when it started before it; the closed row, if any. */
export async function closeOpenTariff(
  db: Db,
  kind: TariffKind,
  lastDay: string,
): Promise<TariffRow | undefined> {
  return db
    .updateTable('tariff')
    .set({ validTo: lastDay })
    .where('kind', '=', kind)
    .where('validTo', 'is', null)
    .where('validFrom', '<=', lastDay)
    .returning(columns)
    .executeTakeFirst();
}

/** Inserts a period; the exclusion constraint `tariff_no_overlap` refuses an overlapping one. */
export async function insertTariff(
  db: Db,
  tariff: { kind: TariffKind; amountCents: number; validFrom: string; note: string; createdBy: string },
): Promise<TariffRow> {
  return db
    .insertInto('tariff')
    .values({ ...tariff, validTo: null })
    .returning(columns)
    .executeTakeFirstOrThrow();
}
