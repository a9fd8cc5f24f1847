import type {
  CreateTariffBandsRequest,
  CreateTariffRequest,
  Environment,
  Tariff,
  TariffKind,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { type InvalidParam, problem } from '../../http/problem';
import { addCalendarDays, rigaDate } from '../calendar/working-days';
import type { UserCaller } from '../identity/caller';
import { toTariff } from './billing.mapper';
import {
  bandEnvironmentProblems,
  bandProblems,
  singleTariffProblems,
  tariffPeriodProblems,
} from './tariff-rules';
import {
  closeOpenTariffs,
  insertTariffs,
  listTariffs,
  lockTariffKind,
  type NewTariff,
} from './tariffs.repository';

export interface BillingContext {
  db: Db;
  now: () => Date;
}

/** Every tariff period, past, current and future. */
export async function readTariffs(ctx: BillingContext): Promise<Tariff[]> {
  return (await listTariffs(ctx.db)).map(toTariff);
}

/**
 * Adds an open-ended period of a single-amount kind (or the VAT rate); the open period of the same
 * kind ends the day before. A period that would overlap another (one starting on or after the new
 * start) is refused, history intact.
 */
export async function addTariffPeriod(
  ctx: BillingContext,
  actor: UserCaller,
  input: CreateTariffRequest,
): Promise<Tariff> {
  refuseInvalid([...tariffPeriodProblems(input, rigaDate(ctx.now())), ...singleTariffProblems(input)]);
  const [row] = await replaceOpenPeriods(ctx, input.kind, null, [
    {
      ...common(input, actor),
      kind: input.kind,
      environment: null,
      bandFrom: null,
      bandTo: null,
      amountCents: input.amountCents ?? null,
      rateBasisPoints: input.rateBasisPoints ?? null,
    },
  ]);
  if (!row) throw new Error('an inserted period is returned');
  return toTariff(row);
}

/**
 * Adds a new set of bands for a subscription kind (and environment), replacing the open set from the
 * day before `validFrom`. The bands must cover every count from 1 exactly once.
 */
export async function addTariffBands(
  ctx: BillingContext,
  actor: UserCaller,
  input: CreateTariffBandsRequest,
): Promise<Tariff[]> {
  refuseInvalid([
    ...tariffPeriodProblems(input, rigaDate(ctx.now())),
    ...bandEnvironmentProblems(input),
    ...bandProblems(input.bands),
  ]);
  const environment = input.environment ?? null;
  const rows = await replaceOpenPeriods(
    ctx,
    input.kind,
    environment,
    input.bands.map((band) => ({
      ...common(input, actor),
      kind: input.kind,
      environment,
      bandFrom: band.fromCount,
      bandTo: band.toCount,
      amountCents: band.amountCents,
      rateBasisPoints: null,
    })),
  );
  return rows.map(toTariff);
}

function common(input: { validFrom: string; note: string; isVerified?: boolean }, actor: UserCaller) {
  return {
    validFrom: input.validFrom,
    note: input.note.trim(),
    isVerified: input.isVerified ?? true,
    createdBy: actor.userId,
  };
}

function refuseInvalid(invalidParams: InvalidParam[]): void {
  if (invalidParams.length > 0) throw problem('paramsValidation', { invalidParams });
}

async function replaceOpenPeriods(
  ctx: BillingContext,
  kind: TariffKind,
  environment: Environment | null,
  tariffs: NewTariff[],
) {
  const validFrom = tariffs[0]?.validFrom;
  if (validFrom === undefined) throw new Error('at least one period');
  return ctx.db.transaction().execute(async (trx) => {
    await lockTariffKind(trx, kind);
    await closeOpenTariffs(trx, kind, environment, addCalendarDays(validFrom, -1));
    try {
      return await insertTariffs(trx, tariffs);
    } catch (error) {
      if (sqlState(error) !== exclusionViolation) throw error;
      throw problem(
        'conflict',
        {
          detail: 'The period overlaps another period of this tariff; periods never overlap.',
          invalidParams: [
            { name: 'validFrom', code: 'overlap', reason: 'a later period of this tariff exists' },
          ],
        },
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
