import type { LegalForm, Organisation } from '@fpr/contract';
import type { OrganisationRow } from './organisations.repository';

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    registrationNumber: row.registrationNumber,
    // CHECK-constrained to the legal forms.
    legalForm: row.legalForm as LegalForm,
    feeExempt: row.isFeeExempt,
    feeExemptionReason: row.feeExemptionReason,
    createdAt: row.createdAt.toISOString(),
  };
}
