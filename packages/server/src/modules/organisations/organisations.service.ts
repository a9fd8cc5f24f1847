import {
  type CreateOrganisationRequest,
  type FeeExemptionRequest,
  type Organisation,
  type OrganisationAction,
  type OrganisationEvent,
  parseRegistrationNumber,
} from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import type { UserCaller } from '../identity/caller';
import { toOrganisation } from './organisations.mapper';
import {
  findOrganisation,
  findOrganisationForUpdate,
  insertOrganisation,
  insertOrganisationEvent,
  listOrganisationEvents,
  listOrganisations,
  setFeeExemption,
} from './organisations.repository';

export interface OrganisationsContext {
  db: Db;
  now: () => Date;
}

/** Registers a legal person; its registration number must pass the checksum (DOMAIN §5). */
export async function registerOrganisation(
  ctx: OrganisationsContext,
  actor: UserCaller,
  input: CreateOrganisationRequest,
): Promise<Organisation> {
  const parsed = parseRegistrationNumber(input.registrationNumber);
  if (!parsed.ok) {
    throw problem('paramsValidation', {
      invalidParams: [{ name: 'registrationNumber', code: parsed.issue, reason: parsed.reason }],
    });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await insertOrganisation(trx, {
      name: input.name.trim(),
      registrationNumber: parsed.number,
      legalForm: input.legalForm,
      feeExemptionReason: input.feeExemptionReason ?? null,
    });
    if (!row) throw problem('conflict', { detail: 'An organisation with this registration number exists.' });
    const at = ctx.now();
    await insertOrganisationEvent(trx, {
      organisationId: row.id,
      action: 'registered',
      actorUserId: actor.userId,
      reason: null,
      at,
    });
    if (row.isFeeExempt) {
      await insertOrganisationEvent(trx, {
        organisationId: row.id,
        action: 'feeExemptionGranted',
        actorUserId: actor.userId,
        reason: row.feeExemptionReason,
        at,
      });
    }
    return toOrganisation(row);
  });
}

export async function readOrganisation(
  ctx: OrganisationsContext,
  organisationId: string,
): Promise<Organisation> {
  const row = await findOrganisation(ctx.db, organisationId);
  if (!row) throw problem('notFound', { detail: 'No such organisation.' });
  return toOrganisation(row);
}

export async function readOrganisations(ctx: OrganisationsContext): Promise<Organisation[]> {
  return (await listOrganisations(ctx.db)).map(toOrganisation);
}

/** Grants or ends the state-fee exemption (a PMLP decision), recorded with who, when and why. */
export async function changeFeeExemption(
  ctx: OrganisationsContext,
  actor: UserCaller,
  organisationId: string,
  input: FeeExemptionRequest,
): Promise<Organisation> {
  return ctx.db.transaction().execute(async (trx) => {
    const current = await findOrganisationForUpdate(trx, organisationId);
    if (!current) throw problem('notFound', { detail: 'No such organisation.' });
    if (current.isFeeExempt === input.feeExempt && !input.feeExempt) {
      throw problem('conflict', { detail: 'The organisation is not fee-exempt.' });
    }
    const row = await setFeeExemption(trx, organisationId, input.feeExempt ? input.reason : null);
    await insertOrganisationEvent(trx, {
      organisationId,
      action: input.feeExempt ? 'feeExemptionGranted' : 'feeExemptionEnded',
      actorUserId: actor.userId,
      reason: input.reason,
      at: ctx.now(),
    });
    return toOrganisation(row);
  });
}

/** Who registered the organisation and granted or ended its fee exemption, when and why. */
export async function readOrganisationHistory(
  ctx: OrganisationsContext,
  organisationId: string,
): Promise<OrganisationEvent[]> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await findOrganisation(trx, organisationId)))
      throw problem('notFound', { detail: 'No such organisation.' });
    const rows = await listOrganisationEvents(trx, organisationId);
    return rows.map((row) => ({
      action: row.action as OrganisationAction,
      actorName: row.actorName,
      reason: row.reason,
      at: row.at.toISOString(),
    }));
  });
}
