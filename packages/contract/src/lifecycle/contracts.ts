import { type Static, Type } from 'typebox';
import { Reason } from '../identity/users';
import { ContractPurpose, PurposeInput } from './purposes';

export * from './purposes';

/** drafting → agreed → active ⇄ suspended; active or suspended → terminated (irreversible). */
export const contractStatuses = ['drafting', 'agreed', 'active', 'suspended', 'terminated'] as const;
export type ContractStatus = (typeof contractStatuses)[number];

/** The two parties that negotiate and approve a contract's text. */
export const contractSides = ['organisation', 'pmlp'] as const;
export type ContractSide = (typeof contractSides)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const TextHash = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'sha256 (hex) of the exact version text: an approval names the text it approves',
});
const VersionNumber = Type.Integer({ minimum: 1, maximum: 100000, description: 'Version number, from 1' });
const Timestamp = Type.String({ format: 'date-time' });
const Uuid = Type.String({ format: 'uuid' });

export const ContractTextRequest = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 200000, description: 'The contract text in Markdown' }) },
  { additionalProperties: false, description: 'A version of the contract text' },
);
export type ContractTextRequest = Static<typeof ContractTextRequest>;

export const ContractCommentRequest = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: 5000, description: 'The comment on this version' }) },
  { additionalProperties: false },
);
export type ContractCommentRequest = Static<typeof ContractCommentRequest>;

export const ContractApprovalRequest = Type.Object(
  { version: VersionNumber, textHash: TextHash },
  { additionalProperties: false, description: 'Approval of one exact version, named by number and hash' },
);
export type ContractApprovalRequest = Static<typeof ContractApprovalRequest>;

export const ActivateContractRequest = Type.Object(
  { purposes: Type.Array(PurposeInput, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false, description: 'The purposes the agreed contract grants' },
);
export type ActivateContractRequest = Static<typeof ActivateContractRequest>;

export const AmendContractRequest = Type.Object(
  {
    addPurposes: Type.Optional(Type.Array(PurposeInput, { maxItems: 50 })),
    withdrawPurposeIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
    reason: Reason,
  },
  { additionalProperties: false, description: 'Adds and/or withdraws purposes of an active contract' },
);
export type AmendContractRequest = Static<typeof AmendContractRequest>;

export const ContractIdParams = Type.Object({ contractId: Uuid });
export const ContractRequestIdParams = Type.Object({ requestId: Uuid });
export const ContractVersionParams = Type.Object({ contractId: Uuid, number: VersionNumber });

export const ContractListQuery = Type.Object(
  { status: Type.Optional(Type.Enum(contractStatuses)) },
  { additionalProperties: false },
);
export type ContractListQuery = Static<typeof ContractListQuery>;

export const ContractDiffQuery = Type.Object(
  { from: VersionNumber, to: VersionNumber },
  { additionalProperties: false },
);
export type ContractDiffQuery = Static<typeof ContractDiffQuery>;

export const ContractSummary = Type.Object({
  id: Uuid,
  organisationId: Uuid,
  organisationName: Type.String(),
  requestId: Uuid,
  status: Type.Enum(contractStatuses),
  latestVersion: Type.Integer({ description: 'Number of the newest version' }),
  agreedVersion: Nullable(Type.Integer({ description: 'The version both sides approved' })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ContractSummary = Static<typeof ContractSummary>;

export const ContractList = Type.Object({ contracts: Type.Array(ContractSummary) });
export type ContractList = Static<typeof ContractList>;

export const ContractVersionSummary = Type.Object({
  number: Type.Integer(),
  textHash: Type.String(),
  authorName: Type.String(),
  createdAt: Timestamp,
  commentCount: Type.Integer(),
});
export type ContractVersionSummary = Static<typeof ContractVersionSummary>;

export const ContractApproval = Type.Object({
  version: Type.Integer(),
  side: Type.Enum(contractSides),
  textHash: Type.String(),
  approvedByName: Type.String(),
  approvedAt: Timestamp,
});
export type ContractApproval = Static<typeof ContractApproval>;

export const ContractEvent = Type.Object({
  action: Type.String({ description: 'drafted, versionPublished, approved, agreed, activated, amended, …' }),
  detail: Type.Record(Type.String(), Type.Unknown()),
  actorName: Type.String(),
  reason: Nullable(Type.String()),
  at: Timestamp,
});
export type ContractEvent = Static<typeof ContractEvent>;

export const ContractDetail = Type.Object({
  ...ContractSummary.properties,
  versions: Type.Array(ContractVersionSummary),
  approvals: Type.Array(ContractApproval, { description: 'Every approval ever given, of any version' }),
  purposes: Type.Array(ContractPurpose),
  history: Type.Array(ContractEvent, { description: 'Every change with who, when and why' }),
});
export type ContractDetail = Static<typeof ContractDetail>;

export const ContractComment = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  body: Type.String(),
  authorName: Type.String(),
  side: Type.Enum(contractSides),
  at: Timestamp,
});
export type ContractComment = Static<typeof ContractComment>;

export const ContractVersion = Type.Object({
  number: Type.Integer(),
  text: Type.String(),
  textHash: Type.String(),
  authorName: Type.String(),
  createdAt: Timestamp,
  comments: Type.Array(ContractComment),
});
export type ContractVersion = Static<typeof ContractVersion>;

export const diffPartKinds = ['added', 'removed', 'unchanged'] as const;
export type DiffPartKind = (typeof diffPartKinds)[number];

export const ContractDiffPart = Type.Object({
  kind: Type.Enum(diffPartKinds),
  text: Type.String({ description: 'The lines of this part, each ending with a line break except the last' }),
  lineCount: Type.Integer(),
  fromLine: Nullable(Type.Integer({ description: 'First line in the older version (null for added)' })),
  toLine: Nullable(Type.Integer({ description: 'First line in the newer version (null for removed)' })),
});
export type ContractDiffPart = Static<typeof ContractDiffPart>;

export const ContractDiff = Type.Object({
  from: Type.Object({ number: Type.Integer(), textHash: Type.String() }),
  to: Type.Object({ number: Type.Integer(), textHash: Type.String() }),
  parts: Type.Array(ContractDiffPart, { description: 'The whole text in order, line by line' }),
  addedLines: Type.Integer(),
  removedLines: Type.Integer(),
});
export type ContractDiff = Static<typeof ContractDiff>;
