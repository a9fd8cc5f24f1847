import type { CreateTariffRequest, Tariff } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { addCalendarDays, rigaDate } from '../calendar/working-days';
import type { UserCaller } from '../identity/caller';
import { toTariff } from './billing.mapper';
import { tariffPeriodProblems } from './tariff-rules';
import { closeOpenTariff, insertTariff, listTariffs, lockTariffKind } from './tariffs.repository';

export interface BillingContext {
  db: Db;
  now: () => Date;
}

/** Every tariff period, past, current and future. */
export async function readTariffs(ctx: BillingContext): Promise<Tariff[]> {
  return (await listTariffs(ctx.db)).map(toTariff);
}

/**
 * Adds an open-ended tariff period; the open period of the same kind ends the day before. A period
 * that would overlap another (one starting on or after the new start) is refused, history intact.
 */
export async function addTariffPeriod(
  ctx: BillingContext,
  actor: UserCaller,
  input: CreateTariffRequest,
): Promise<Tariff> {
  const invalidParams = tariffPeriodProblems(input, rigaDate(ctx.now()));
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
  return ctx.db.transaction().execute(async (trx) => {
    await lockTariffKind(trx, input.kind);
    await closeOpenTariff(trx, input.kind, addCalendarDays(input.validFrom, -1));
    try {
      const row = await insertTariff(trx, { ...input, createdBy: actor.userId });
      return toTariff(row);
    } catch (error) {
      if (sqlState(error) !== exclusionViolation) throw error;
      throw problem(
        'conflict',
        { detail: 'The period overlaps another period of this tariff; periods never overlap.' },
        { cause: error },
      );
    }
  });
}

const exclusionViolation = '23P01';

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
