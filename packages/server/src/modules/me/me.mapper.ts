import type { MeOrganisation, PurposeChannel, PurposeGrant } from '@fpr/contract';
import type { MeOrganisationRow, UsablePurposeRow } from './me.repository';

export function toMeOrganisation(row: MeOrganisationRow): MeOrganisation {
  return {
    id: row.id,
    name: row.name,
    registrationNumber: row.registrationNumber,
    feeExempt: row.isFeeExempt,
  };
}

export function toPurposeGrant(row: UsablePurposeRow): PurposeGrant {
  return {
    id: row.id,
    legalBasis: row.legalBasis,
    purpose: row.purpose,
    scopes: row.scopes,
    fields: row.fields,
    channels: row.channels as PurposeChannel[],
    monitoring: row.isMonitoring,
    validFrom: row.validFrom,
    validTo: row.validTo,
    requiresCaseReference: row.requiresCaseReference,
    requiresEndUser: row.requiresEndUser,
  };
}
