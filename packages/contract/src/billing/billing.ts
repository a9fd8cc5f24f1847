import { type Static, Type } from 'typebox';
import { DateString, EnvironmentSchema } from '../common';

/** Money is integer euro cents; every answer that carries money names its currency. */
export const Currency = Type.Literal('EUR', { description: 'Always EUR; amounts are integer euro cents' });

/** The most a single top-up or refund may move: one million euro. */
export const maxMovementCents = 100_000_000;

/** A `YYYY-MM-DD` date described for its place. */
function dateWith(description: string) {
  return Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
}

/** Kinds of tariff (DOMAIN §6): per-person, monthly in bands, one-off fees, and the VAT rate. */
export const tariffKinds = [
  'stateFeePerPerson',
  'environmentSubscription',
  'monitoringSubscription',
  'connectionSetUp',
  'newUser',
  'vatRate',
] as const;
export type TariffKind = (typeof tariffKinds)[number];

/** Kinds priced by one amount (or, for the VAT rate, one rate) per period. */
export const singleTariffKinds = ['stateFeePerPerson', 'connectionSetUp', 'newUser', 'vatRate'] as const;
export type SingleTariffKind = (typeof singleTariffKinds)[number];

/** Kinds priced in bands of a count (system users, persons monitored), a whole month per band. */
export const bandTariffKinds = ['environmentSubscription', 'monitoringSubscription'] as const;
export type BandTariffKind = (typeof bandTariffKinds)[number];

const kindDescription =
  'stateFeePerPerson: per person delivered in production; environmentSubscription: a month of one ' +
  'environment, by band of active system users; monitoringSubscription: a month of monitoring, by band ' +
  'of persons monitored; connectionSetUp / newUser: one-off fees; vatRate: the VAT rate of paid services';

const nullableInteger = (description: string) => Type.Union([Type.Integer(), Type.Null()], { description });

export const Tariff = Type.Object({
  id: Type.String({ description: 'Tariff period id' }),
  kind: Type.Enum(tariffKinds, { description: kindDescription }),
  environment: Type.Union([EnvironmentSchema, Type.Null()], {
    description: 'environmentSubscription: the environment it prices; null otherwise',
  }),
  bandFrom: nullableInteger('Band kinds: the smallest count of the band (inclusive)'),
  bandTo: nullableInteger('Band kinds: the largest count of the band (inclusive); null: and above'),
  amountCents: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: 'Euro cents (per person, per month of the band, per fee); null for the VAT rate',
  }),
  rateBasisPoints: Type.Union([Type.Integer({ minimum: 0, maximum: 10_000 }), Type.Null()], {
    description: 'vatRate: the rate in hundredths of a percent (2100 = 21 %); null otherwise',
  }),
  isVerified: Type.Boolean({
    description: 'False for amounts not taken from a legal act (operator-configured or illustrative)',
  }),
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
  tariffs: Type.Array(Tariff, { description: 'Every period, by kind, environment, start date and band' }),
});
export type TariffList = Static<typeof TariffList>;

const tariffNote = Type.String({ minLength: 3, maxLength: 1000, description: 'The legal act or decision' });
const tariffIsVerified = Type.Optional(
  Type.Boolean({ description: 'False when the amount is not from a legal act (default true)' }),
);
const tariffAmount = (description: string) =>
  Type.Integer({ minimum: 0, maximum: maxMovementCents, description });

export const CreateTariffRequest = Type.Object(
  {
    kind: Type.Enum(singleTariffKinds),
    amountCents: Type.Optional(tariffAmount('Euro cents, not negative; required except for vatRate')),
    rateBasisPoints: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 10_000, description: 'vatRate only: 2100 = 21 %' }),
    ),
    validFrom: dateWith('First day of the new period; tomorrow at the earliest'),
    note: tariffNote,
    isVerified: tariffIsVerified,
  },
  {
    additionalProperties: false,
    description: 'A new open-ended period; the open period of the same kind ends the day before',
  },
);
export type CreateTariffRequest = Static<typeof CreateTariffRequest>;

export const TariffBand = Type.Object(
  {
    fromCount: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Smallest count (inclusive)' }),
    toCount: Type.Union([Type.Integer({ minimum: 1, maximum: 10_000_000 }), Type.Null()], {
      description: 'Largest count (inclusive); null on the last band',
    }),
    amountCents: tariffAmount('The month’s price for a count in this band, euro cents'),
  },
  { additionalProperties: false },
);
export type TariffBand = Static<typeof TariffBand>;

export const CreateTariffBandsRequest = Type.Object(
  {
    kind: Type.Enum(bandTariffKinds),
    environment: Type.Optional(EnvironmentSchema),
    bands: Type.Array(TariffBand, {
      minItems: 1,
      maxItems: 50,
      description: 'Contiguous from 1 upwards, the last one open-ended',
    }),
    validFrom: dateWith('First day of the new bands; tomorrow at the earliest'),
    note: tariffNote,
    isVerified: tariffIsVerified,
  },
  {
    additionalProperties: false,
    description:
      'A new set of bands for one kind (and environment): the open bands end the day before. ' +
      'environment is required for environmentSubscription and refused for monitoringSubscription',
  },
);
export type CreateTariffBandsRequest = Static<typeof CreateTariffBandsRequest>;

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
