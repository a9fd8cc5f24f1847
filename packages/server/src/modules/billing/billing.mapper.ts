import type { Environment, LedgerEntry, LedgerEntryKind, Tariff, TariffKind } from '@fpr/contract';
import type { LedgerEntryRow } from './ledger.repository';
import type { TariffRow } from './tariffs.repository';

export function toTariff(row: TariffRow): Tariff {
  return {
    id: row.id,
    // CHECK-constrained to the tariff kinds.
    kind: row.kind as TariffKind,
    // CHECK-constrained to the environments.
    environment: row.environment as Environment | null,
    bandFrom: row.bandFrom,
    bandTo: row.bandTo,
    amountCents: row.amountCents,
    rateBasisPoints: row.rateBasisPoints,
    isVerified: row.isVerified,
    currency: 'EUR',
    validFrom: row.validFrom,
    validTo: row.validTo,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toLedgerEntry(row: LedgerEntryRow): LedgerEntry {
  return {
    id: row.id,
    // CHECK-constrained to the entry kinds.
    kind: row.kind as LedgerEntryKind,
    amountCents: Number(row.amountCents),
    balanceAfterCents: Number(row.balanceAfterCents),
    currency: 'EUR',
    paymentReference: row.paymentReference,
    receivedOn: row.receivedOn,
    reason: row.reason,
    requestId: row.requestId,
    persons: row.persons,
    recordedBy: row.createdBy,
    at: row.at.toISOString(),
  };
}
