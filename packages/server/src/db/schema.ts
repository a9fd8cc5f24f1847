import type { ColumnType, Generated } from 'kysely';

/**
 * Database table types, kept by hand beside the migrations; `schema.test.ts` compares them with
 * the migrated database so that a stale type fails the build.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates travel as `YYYY-MM-DD` strings (the pg type parser is set so in database.ts). */
type DateColumn = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface PersonTable {
  id: Generated<string>;
  environment: string;
  personalCode: string;
  previousPersonalCode: string | null;
  givenNames: string;
  surname: string;
  searchGivenNames: string;
  searchSurname: string;
  sex: string;
  birthDate: DateColumn;
  status: string;
  declaredAddressCode: string | null;
  version: number;
  data: Json;
  /** The event that made the current version; null for a seeded version 1. */
  changeEventId: string | null;
  updatedAt: Timestamp;
}

/** Superseded versions only: the current version lives in `person`. */
export interface PersonVersionTable {
  personId: string;
  version: number;
  personalCode: string;
  data: Json;
  changeEventId: string | null;
  recordedAt: Timestamp;
}

export interface ChangeEventTable {
  id: Generated<string>;
  environment: string;
  personId: string;
  personalCode: string;
  previousPersonalCode: string | null;
  version: number;
  type: string;
  changedScopes: string[];
  effectiveDate: DateColumn;
  recordedAt: Timestamp;
  sequence: ColumnType<string | null, never, string>;
  details: Json;
  recordedBy: string;
}

export interface FeedSequencerTable {
  id: number;
  lastSequence: string;
}

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  registrationNumber: string;
  legalForm: string;
  isFeeExempt: Generated<boolean>;
  feeExemptionReason: string | null;
  createdAt: Timestamp;
}

export interface OrganisationEventTable {
  id: Generated<string>;
  organisationId: string;
  action: string;
  actorUserId: string | null;
  reason: string | null;
  at: Timestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  organisationId: string | null;
  username: string;
  displayName: string;
  email: string | null;
  role: string;
  environment: string | null;
  passwordHash: string;
  totpSecret: string;
  totpConfirmedAt: Timestamp | null;
  totpLastStep: string | null;
  failedLoginCount: Generated<number>;
  lockedAt: Timestamp | null;
  isActive: Generated<boolean>;
  createdAt: Timestamp;
}

export interface UserSessionTable {
  tokenHash: Buffer;
  userId: string;
  csrfTokenHash: Buffer;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  endedAt: Timestamp | null;
}

export interface AccountEventTable {
  id: Generated<string>;
  userId: string;
  action: string;
  actorUserId: string | null;
  reason: string | null;
  at: Timestamp;
}

export interface CalendarOverrideTable {
  day: DateColumn;
  kind: string;
  note: string;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface CalendarOverrideEventTable {
  id: Generated<string>;
  day: DateColumn;
  action: string;
  kind: string;
  note: string;
  actorUserId: string;
  at: Timestamp;
}

export interface ServiceRequestTable {
  id: Generated<string>;
  organisationId: string;
  status: string;
  title: string;
  scopes: Json;
  channels: string[];
  environments: string[];
  expectedSystemUsers: number;
  wantsMonitoring: boolean;
  contactPersons: Json;
  submittedAt: Timestamp | null;
  deadline: DateColumn | null;
  pausedWorkingDays: Generated<number>;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface RequestEventTable {
  id: Generated<string>;
  requestId: string;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: string;
  note: string | null;
  at: Timestamp;
}

export interface RequestMessageTable {
  id: Generated<string>;
  requestId: string;
  kind: string;
  body: string;
  authorUserId: string;
  at: Timestamp;
}

export interface ContractTable {
  id: Generated<string>;
  organisationId: string;
  requestId: string;
  status: string;
  agreedVersion: number | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ContractVersionTable {
  contractId: string;
  number: number;
  text: string;
  textHash: string;
  authorUserId: string;
  createdAt: Timestamp;
}

export interface ContractCommentTable {
  id: Generated<string>;
  contractId: string;
  versionNumber: number;
  body: string;
  authorUserId: string;
  at: Timestamp;
}

export interface ContractApprovalTable {
  contractId: string;
  versionNumber: number;
  side: string;
  textHash: string;
  approvedBy: string;
  approvedAt: Timestamp;
}

export interface ContractEventTable {
  id: Generated<string>;
  contractId: string;
  action: string;
  detail: ColumnType<unknown, string | undefined, string>;
  actorUserId: string;
  reason: string | null;
  at: Timestamp;
}

export interface PurposeTable {
  id: Generated<string>;
  organisationId: string;
  contractId: string;
  legalBasis: string;
  purpose: string;
  scopes: string[];
  fields: ColumnType<string[], string[] | undefined, string[]>;
  channels: string[];
  environments: string[];
  isMonitoring: boolean;
  validFrom: DateColumn;
  validTo: DateColumn | null;
  requiresCaseReference: Generated<boolean>;
  requiresEndUser: Generated<boolean>;
  isCovert: Generated<boolean>;
  disclosureDate: DateColumn | null;
  /** ATVK 2021 codes of the population the purpose serves; empty when none is declared. */
  populationTerritories: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<string>;
  createdAt: Timestamp;
  withdrawnAt: Timestamp | null;
}

export interface ConnectionTable {
  id: Generated<string>;
  organisationId: string;
  environment: string;
  status: string;
  ipAllowList: ColumnType<string[], string[] | undefined, string[]>;
  rateLimitPerMinute: Generated<number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface ConnectionEventTable {
  id: Generated<string>;
  connectionId: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actorUserId: string | null;
  at: Timestamp;
  action: string;
  detail: ColumnType<unknown, string | undefined, string>;
}

export interface SystemClientTable {
  id: Generated<string>;
  clientId: string;
  organisationId: string;
  connectionId: string;
  environment: string;
  name: string;
  authMethod: string;
  publicJwk: Json | null;
  secretHash: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
  revocationReason: string | null;
  mayReadSubjectReports: Generated<boolean>;
  subjectReportsChangedBy: string | null;
  subjectReportsChangedAt: Timestamp | null;
  subjectReportsReason: string | null;
}

export interface UsedAssertionTable {
  clientId: string;
  jti: string;
  expiresAt: Timestamp;
}

export interface SigningKeyTable {
  kid: string;
  privateJwk: Json;
  publicJwk: Json;
  createdAt: Timestamp;
  retiredAt: Timestamp | null;
}

/** Append-only: writers insert; nothing updates a record (its chain link is in `audit_chain_link`). */
export interface AuditEventTable {
  id: Generated<string>;
  requestId: string;
  occurredAt: Timestamp;
  organisationId: string;
  environment: string;
  actorKind: string;
  actorId: string;
  endUser: string | null;
  purposeId: string;
  caseReference: string | null;
  queryType: string;
  searchParameters: string[];
  personId: string;
  personalCode: string;
  fields: string[];
  feeCents: number;
}

/** Insert-only: one link per sealed record, written by the audit sealer (ADR 0011). */
export interface AuditChainLinkTable {
  auditEventId: string;
  chainPosition: string;
  previousHash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  lastPosition: string;
  lastHash: string;
  sealedAt: Timestamp | null;
  /** Every record with a lower id is linked. */
  sealedBelowId: string;
  /** The sealer's last observation: ids below this were drawn while `pendingWriters` could insert. */
  pendingBelowId: string | null;
  pendingWriters: string[] | null;
}

/** bigint money columns: read as strings (see database.ts), written as numbers. */
type BigintCents = ColumnType<string, number, number>;

export interface TariffTable {
  id: Generated<string>;
  kind: string;
  /** Null only for the VAT rate. */
  amountCents: number | null;
  environment: string | null;
  bandFrom: number | null;
  bandTo: number | null;
  rateBasisPoints: number | null;
  isVerified: Generated<boolean>;
  validFrom: DateColumn;
  validTo: DateColumn | null;
  note: string;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface LedgerEntryTable {
  id: Generated<string>;
  organisationId: string;
  kind: string;
  amountCents: BigintCents;
  balanceAfterCents: BigintCents;
  paymentReference: string | null;
  receivedOn: DateColumn | null;
  reason: string | null;
  requestId: string | null;
  persons: number | null;
  idempotencyKey: string | null;
  createdBy: string | null;
  at: Timestamp;
}

/** One of an organisation's 16 balance slots (migration 0018); the balance is their sum. */
export interface AccountBalanceTable {
  organisationId: string;
  slot: number;
  balanceCents: BigintCents;
}

export interface IdempotencyRecordTable {
  organisationId: string;
  key: string;
  fingerprint: string;
  responseStatus: number | null;
  responseBody: ColumnType<unknown, string | null | undefined, string | null>;
  createdAt: Timestamp;
}

export interface Database {
  person: PersonTable;
  personVersion: PersonVersionTable;
  changeEvent: ChangeEventTable;
  feedSequencer: FeedSequencerTable;
  organisation: OrganisationTable;
  organisationEvent: OrganisationEventTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  accountEvent: AccountEventTable;
  calendarOverride: CalendarOverrideTable;
  calendarOverrideEvent: CalendarOverrideEventTable;
  serviceRequest: ServiceRequestTable;
  requestEvent: RequestEventTable;
  requestMessage: RequestMessageTable;
  contract: ContractTable;
  contractVersion: ContractVersionTable;
  contractComment: ContractCommentTable;
  contractApproval: ContractApprovalTable;
  contractEvent: ContractEventTable;
  purpose: PurposeTable;
  connection: ConnectionTable;
  connectionEvent: ConnectionEventTable;
  systemClient: SystemClientTable;
  usedAssertion: UsedAssertionTable;
  signingKey: SigningKeyTable;
  tariff: TariffTable;
  ledgerEntry: LedgerEntryTable;
  accountBalance: AccountBalanceTable;
  idempotencyRecord: IdempotencyRecordTable;
  auditEvent: AuditEventTable;
  auditChainLink: AuditChainLinkTable;
  auditChainHead: AuditChainHeadTable;
  monitoringSubscription: MonitoringSubscriptionTable;
  monitoringChange: MonitoringChangeTable;
  monitoringDelivery: MonitoringDeliveryTable;
  monitoringWebhook: MonitoringWebhookTable;
  monitoringWebhookEvent: MonitoringWebhookEventTable;
  monitoringWebhookDelivery: MonitoringWebhookDeliveryTable;
  monitoringWebhookFanOut: MonitoringWebhookFanOutTable;
  billingSetting: BillingSettingTable;
  invoiceNumberCounter: InvoiceNumberCounterTable;
  invoice: InvoiceTable;
  invoiceLine: InvoiceLineTable;
  invoicePayment: InvoicePaymentTable;
  billingSuspension: BillingSuspensionTable;
}

/** One version of the billing settings; the newest is in force. */
export interface BillingSettingTable {
  id: Generated<string>;
  invoiceDueDays: number;
  isAutomaticSuspensionEnabled: boolean;
  suspensionOverdueDays: number;
  reason: string;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface InvoiceNumberCounterTable {
  year: number;
  lastNumber: number;
}

export interface InvoiceTable {
  id: Generated<string>;
  number: string;
  kind: string;
  organisationId: string;
  organisationName: string;
  organisationRegistrationNumber: string;
  periodMonth: DateColumn;
  creditedInvoiceId: string | null;
  issuedOn: DateColumn;
  dueOn: DateColumn;
  netCents: BigintCents;
  vatCents: BigintCents;
  totalCents: BigintCents;
  reason: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface InvoiceLineTable {
  invoiceId: string;
  position: number;
  kind: string;
  environment: string | null;
  description: string;
  counted: number | null;
  quantity: number;
  unitPriceCents: BigintCents;
  netCents: BigintCents;
  vatRateBasisPoints: number;
  vatCents: BigintCents;
  totalCents: BigintCents;
  tariffId: string | null;
  creditedPosition: number | null;
}

export interface InvoicePaymentTable {
  id: Generated<string>;
  invoiceId: string;
  amountCents: BigintCents;
  paidOn: DateColumn;
  paymentReference: string;
  recordedBy: string;
  recordedAt: Timestamp;
}

export interface BillingSuspensionTable {
  id: Generated<string>;
  connectionId: string;
  invoiceId: string;
  suspendedAt: Timestamp;
  restoredAt: Date | null;
}

/** One period during which an organisation monitored a person in one environment. */
export interface MonitoringSubscriptionTable {
  id: Generated<string>;
  organisationId: string;
  environment: string;
  purposeId: string;
  personId: string;
  subscribedAt: Generated<Date>;
  endDate: string | null;
  endedAt: Date | null;
  /** Who opened the period (`client:<clientId>` or `user:<userId>`). */
  subscribedBy: string | null;
  /** Who closed it by a removal. */
  endedBy: string | null;
}

/** A sealed change event fanned out to an organisation that monitored its person (ADR 0007). */
export interface MonitoringChangeTable {
  organisationId: string;
  environment: string;
  sequence: string;
  changeEventId: string;
  subscriptionId: string;
  purposeId: string;
}

/** Feed positions (from, through] an organisation has been delivered: later reads are not audited again. */
export interface MonitoringDeliveryTable {
  organisationId: string;
  environment: string;
  fromSequence: string;
  throughSequence: string;
}

/** An organisation's webhook in one environment; the secret sealed with the secret box. */
export interface MonitoringWebhookTable {
  organisationId: string;
  environment: string;
  url: string;
  sealedSecret: string;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  consecutiveFailures: Generated<number>;
  lastAttemptAt: Date | null;
}

/** Who set or removed a webhook, and when. */
export interface MonitoringWebhookEventTable {
  id: Generated<string>;
  organisationId: string;
  environment: string;
  action: 'set' | 'removed';
  url: string | null;
  actorUserId: string | null;
  actorClientId: string | null;
  at: Generated<Date>;
}

/** One delivery attempt of a nudge and its outcome. */
export interface MonitoringWebhookDeliveryTable {
  id: Generated<string>;
  organisationId: string;
  environment: string;
  url: string;
  headSequence: string;
  attempt: number;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  isDelivered: boolean;
}

/** How far the webhook fan-out has looked at sealed change events. */
export interface MonitoringWebhookFanOutTable {
  id: number;
  lastSequence: string;
}
