import { type Static, Type } from 'typebox';
import { DateString } from '../common';

/** Money is integer euro cents; every answer that carries money names its currency. */
export const Currency = Type.Literal('EUR', { description: 'Always EUR; amounts are integer euro cents' });

/** The most a single top-up or refund may move: one million euro. */
export const maxMovementCents = 100_000_000;

/** A `YYYY-MM-DD` date described for its place. */
function dateWith(description: string) {
  return Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
}

/** Kinds of tariff; subscriptions and one-off fees join the list later (DOMAIN §6). */
export const tariffKinds = ['stateFeePerPerson'] as const;
export type TariffKind = (typeof tariffKinds)[number];

export const Tariff = Type.Object({
  id: Type.String({ description: 'Tariff period id' }),
  kind: Type.Enum(tariffKinds, { description: 'stateFeePerPerson: per person delivered in production' }),
  amountCents: Type.Integer({ minimum: 0 }),
  currency: Currency,
  validFrom: DateString,
  validTo: Type.Union([DateString, Type.Null()], { description: 'Last day of the period; null while open' }),
  note: Type.String({ description: 'The legal act or decision behind the amount' }),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'The administrator who added it; null when seeded',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Tariff = Static<typeof Tariff>;

export const TariffList = Type.Object({
  tariffs: Type.Array(Tariff, { description: 'Every period, by kind and start date' }),
});
export type TariffList = Static<typeof TariffList>;

export const CreateTariffRequest = Type.Object(
  {
    kind: Type.Enum(tariffKinds),
    amountCents: Type.Integer({
      minimum: 0,
      maximum: maxMovementCents,
      description: 'Euro cents, not negative',
    }),
    validFrom: dateWith('First day of the new period; tomorrow at the earliest'),
    note: Type.String({ minLength: 3, maxLength: 1000, description: 'The legal act or decision' }),
  },
  {
    additionalProperties: false,
    description: 'A new open-ended period; the open period of the same kind ends the day before',
  },
);
export type CreateTariffRequest = Static<typeof CreateTariffRequest>;

export const ledgerEntryKinds = ['topUp', 'charge', 'refund'] as const;
export type LedgerEntryKind = (typeof ledgerEntryKinds)[number];

export const LedgerEntry = Type.Object({
  id: Type.String({ description: 'Entry id; later entries have larger ids' }),
  kind: Type.Enum(ledgerEntryKinds, {
    description: 'topUp: prepayment received; charge: state fee taken; refund: money paid back',
  }),
  amountCents: Type.Integer({
    description: 'Effect on the balance: positive for top-ups, negative otherwise',
  }),
  balanceAfterCents: Type.Integer({ minimum: 0 }),
  currency: Currency,
  paymentReference: Type.Union([Type.String(), Type.Null()], { description: 'Top-ups: the bank reference' }),
  receivedOn: Type.Union([DateString, Type.Null()], { description: 'Top-ups: the day the money arrived' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'Refunds: why the money was paid back' }),
  requestId: Type.Union([Type.String(), Type.Null()], { description: 'Charges: the query request id' }),
  persons: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'Charges: persons delivered',
  }),
  recordedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'The PMLP user who recorded it; null for a charge',
  }),
  at: Type.String({ format: 'date-time' }),
});
export type LedgerEntry = Static<typeof LedgerEntry>;

export const LedgerPage = Type.Object({
  balanceCents: Type.Integer({ minimum: 0, description: 'The balance now' }),
  currency: Currency,
  entries: Type.Array(LedgerEntry, { description: 'Newest first' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` for older entries; null on the last page',
  }),
});
export type LedgerPage = Static<typeof LedgerPage>;

export const ledgerPageLimit = { default: 50, maximum: 200 } as const;

export const LedgerQuery = Type.Object(
  {
    cursor: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,17}$', description: 'nextCursor of the previous page' }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: ledgerPageLimit.maximum,
        default: ledgerPageLimit.default,
        description: 'Entries per page',
      }),
    ),
  },
  { additionalProperties: false },
);
export type LedgerQuery = Static<typeof LedgerQuery>;

export const Balance = Type.Object({
  balanceCents: Type.Integer({ minimum: 0, description: 'The prepaid balance' }),
  currency: Currency,
});
export type Balance = Static<typeof Balance>;

export const TopUpRequest = Type.Object(
  {
    amountCents: Type.Integer({ minimum: 1, maximum: maxMovementCents, description: 'Euro cents received' }),
    paymentReference: Type.String({
      minLength: 1,
      maxLength: 140,
      description: 'The bank payment reference (as on the statement)',
    }),
    receivedOn: dateWith('The day the money arrived; not in the future'),
  },
  { additionalProperties: false, description: 'A prepayment received from the organisation' },
);
export type TopUpRequest = Static<typeof TopUpRequest>;

export const RefundRequest = Type.Object(
  {
    amountCents: Type.Integer({
      minimum: 1,
      maximum: maxMovementCents,
      description: 'Euro cents paid back; at most the balance',
    }),
    reason: Type.String({ minLength: 3, maxLength: 1000, description: 'Why the money is paid back' }),
  },
  { additionalProperties: false, description: 'Money paid back to the organisation out of its balance' },
);
export type RefundRequest = Static<typeof RefundRequest>;

/** API §1: a retry with the same key and body returns the original answer and changes nothing more. */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'A unique key per intended operation; a retry with it repeats the original answer',
    }),
  ),
});
export type IdempotencyKeyHeaders = Static<typeof IdempotencyKeyHeaders>;

/** The extension members of `402 insufficientBalance`. */
export const InsufficientBalanceExtensions = Type.Object({
  requiredCents: Type.Integer({ minimum: 1, description: 'The fee of the refused request' }),
  balanceCents: Type.Integer({ minimum: 0, description: 'The balance when it was refused' }),
});
export type InsufficientBalanceExtensions = Static<typeof InsufficientBalanceExtensions>;
