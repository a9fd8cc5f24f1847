import { type Static, Type } from 'typebox';
import { EnvironmentSchema } from '../common';

/** A connection per environment (DOMAIN §3 step 4): configured, then active, and suspended and restored. */
export const connectionStatuses = ['configured', 'active', 'suspended'] as const;
export type ConnectionStatus = (typeof connectionStatuses)[number];

/** What a connection's history records: its creation, each status step and each change of settings. */
export const connectionActions = [
  'created',
  'activated',
  'suspended',
  'restored',
  'settingsChanged',
] as const;
export type ConnectionAction = (typeof connectionActions)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The schema admits what looks like an address block; the server then checks it exactly. */
export const CidrBlock = Type.String({
  minLength: 2,
  maxLength: 49,
  pattern: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$',
  description:
    'An IPv4 or IPv6 address block in CIDR notation (192.0.2.0/24, 2001:db8::/32), host bits zero; ' +
    'a bare address means that one address',
});

export const IpAllowList = Type.Array(CidrBlock, {
  maxItems: 100,
  uniqueItems: true,
  description: 'Addresses the connection may be used from; empty means any address',
});

export const RateLimitPerMinute = Type.Integer({
  minimum: 1,
  maximum: 1_000_000,
  description: 'Calls per minute the connection’s system clients may make together (default 600)',
});

const ReasonText = Type.String({
  minLength: 3,
  maxLength: 1000,
  description: 'Why the action is taken; recorded with who and when',
});

export const CreateConnectionRequest = Type.Object(
  {
    environment: EnvironmentSchema,
    ipAllowList: Type.Optional(IpAllowList),
    rateLimitPerMinute: Type.Optional(RateLimitPerMinute),
  },
  { additionalProperties: false, description: 'A connection of one environment, created `configured`' },
);
export type CreateConnectionRequest = Static<typeof CreateConnectionRequest>;

export const UpdateConnectionRequest = Type.Object(
  {
    ipAllowList: Type.Optional(IpAllowList),
    rateLimitPerMinute: Type.Optional(RateLimitPerMinute),
    reason: Type.Optional(ReasonText),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'New settings; what is left out stays as it is',
  },
);
export type UpdateConnectionRequest = Static<typeof UpdateConnectionRequest>;

export const ActivateConnectionRequest = Type.Object(
  { reason: Type.Optional(ReasonText) },
  { additionalProperties: false, description: 'Opens a configured connection for use' },
);
export type ActivateConnectionRequest = Static<typeof ActivateConnectionRequest>;

export const ConnectionReasonRequest = Type.Object(
  { reason: ReasonText },
  { additionalProperties: false, description: 'A suspension or restoration, with its reason' },
);
export type ConnectionReasonRequest = Static<typeof ConnectionReasonRequest>;

export const Connection = Type.Object({
  id: Type.String({ format: 'uuid' }),
  organisationId: Type.String({ format: 'uuid' }),
  environment: EnvironmentSchema,
  status: Type.Enum(connectionStatuses, {
    description: 'Only an active connection admits tokens and PDP sessions',
  }),
  ipAllowList: Type.Array(Type.String(), { description: 'CIDR blocks; empty means any address' }),
  rateLimitPerMinute: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Connection = Static<typeof Connection>;

export const ConnectionList = Type.Object({ connections: Type.Array(Connection) });
export type ConnectionList = Static<typeof ConnectionList>;

export const ConnectionEvent = Type.Object({
  action: Type.Enum(connectionActions),
  fromStatus: Nullable(Type.Enum(connectionStatuses)),
  toStatus: Type.Enum(connectionStatuses),
  reason: Nullable(Type.String()),
  detail: Type.Object(
    {},
    { additionalProperties: true, description: 'For a settings change: the settings before and after' },
  ),
  actorUserId: Nullable(Type.String({ format: 'uuid' })),
  at: Type.String({ format: 'date-time' }),
});
export type ConnectionEvent = Static<typeof ConnectionEvent>;

export const ConnectionWithHistory = Type.Object({
  ...Connection.properties,
  events: Type.Array(ConnectionEvent, { description: 'Oldest first' }),
});
export type ConnectionWithHistory = Static<typeof ConnectionWithHistory>;

export const ConnectionIdParams = Type.Object({ connectionId: Type.String({ format: 'uuid' }) });

export const ConnectionListQuery = Type.Object(
  { organisationId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
);
export type ConnectionListQuery = Static<typeof ConnectionListQuery>;

// System clients: machine credentials of an organisation's information system (API §2).

export const clientAuthMethods = ['private_key_jwt', 'client_secret_basic'] as const;
export type ClientAuthMethod = (typeof clientAuthMethods)[number];

/** An opaque random identifier, used as `iss` and `sub` of the client's assertions. */
export const ClientIdString = Type.String({
  pattern: '^[A-Za-z0-9_-]{16,64}$',
  description: 'The client_id: an opaque random string',
});

/**
 * The client's public key as a JWK (RFC 7517): EC P-256 (ES256) or OKP Ed25519 (EdDSA). The schema
 * admits any members so that the server can name exactly what is wrong with a key, including a
 * private member (`d`) sent by mistake.
 */
export const PublicJwk = Type.Object(
  {
    kty: Type.String({ maxLength: 10, description: 'EC or OKP' }),
    crv: Type.Optional(Type.String({ maxLength: 20, description: 'P-256 (EC) or Ed25519 (OKP)' })),
    x: Type.Optional(Type.String({ maxLength: 200 })),
    y: Type.Optional(Type.String({ maxLength: 200 })),
    alg: Type.Optional(Type.String({ maxLength: 20, description: 'ES256 or EdDSA, when given' })),
    use: Type.Optional(Type.String({ maxLength: 10, description: 'sig, when given' })),
    kid: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true, maxProperties: 20, description: 'A public JSON Web Key' },
);
export type PublicJwk = Static<typeof PublicJwk>;

export const CreateClientRequest = Type.Object(
  {
    environment: EnvironmentSchema,
    name: Type.String({ minLength: 1, maxLength: 100, description: 'What the system is called' }),
    publicJwk: Type.Optional(PublicJwk),
    generateSecret: Type.Optional(
      Type.Literal(true, { description: 'Instead of a key: a secret for client_secret_basic, shown once' }),
    ),
  },
  {
    additionalProperties: false,
    description:
      'A system client of one environment: either a public key (private_key_jwt, preferred) or a ' +
      'generated secret (client_secret_basic)',
  },
);
export type CreateClientRequest = Static<typeof CreateClientRequest>;

export const SystemClient = Type.Object({
  clientId: ClientIdString,
  organisationId: Type.String({ format: 'uuid' }),
  connectionId: Type.String({ format: 'uuid' }),
  environment: EnvironmentSchema,
  name: Type.String(),
  authMethod: Type.Enum(clientAuthMethods),
  publicJwk: Nullable(
    Type.Object({}, { additionalProperties: true, description: 'The registered public key' }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  revocationReason: Nullable(Type.String()),
});
export type SystemClient = Static<typeof SystemClient>;

export const CreatedSystemClient = Type.Object({
  ...SystemClient.properties,
  clientSecret: Type.Optional(
    Type.String({ description: 'Shown once, now; only its hash is kept. Send it with HTTP Basic.' }),
  ),
});
export type CreatedSystemClient = Static<typeof CreatedSystemClient>;

export const SystemClientList = Type.Object({ clients: Type.Array(SystemClient) });
export type SystemClientList = Static<typeof SystemClientList>;

export const ClientIdParams = Type.Object({ clientId: ClientIdString });

export const ClientListQuery = Type.Object(
  {
    organisationId: Type.Optional(Type.String({ format: 'uuid' })),
    environment: Type.Optional(EnvironmentSchema),
  },
  { additionalProperties: false },
);
export type ClientListQuery = Static<typeof ClientListQuery>;

export const OrgClientListQuery = Type.Object(
  { environment: Type.Optional(EnvironmentSchema) },
  { additionalProperties: false },
);
export type OrgClientListQuery = Static<typeof OrgClientListQuery>;

export const RevokeClientRequest = Type.Object(
  { reason: ReasonText },
  { additionalProperties: false, description: 'Revocation takes effect at once and is final' },
);
export type RevokeClientRequest = Static<typeof RevokeClientRequest>;

// The token endpoint (API §2): OAuth 2.0 client credentials, form-encoded.

export const clientAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Literal('client_credentials'),
    client_assertion_type: Type.Optional(Type.Literal(clientAssertionType)),
    client_assertion: Type.Optional(
      Type.String({ maxLength: 8192, description: 'A JWT signed with the client’s private key' }),
    ),
    client_id: Type.Optional(
      Type.String({ maxLength: 64, description: 'Must match the assertion, if sent' }),
    ),
    scope: Type.Optional(Type.String({ maxLength: 1000, description: 'Ignored: purposes decide access' })),
  },
  {
    additionalProperties: false,
    description:
      'Client credentials: private_key_jwt (client_assertion) or client_secret_basic (Authorization: Basic)',
  },
);
export type TokenRequest = Static<typeof TokenRequest>;

export const TokenResponse = Type.Object({
  access_token: Type.String({ description: 'A JWT; send it as Authorization: Bearer' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds the token lives (at most 300)' }),
});
export type TokenResponse = Static<typeof TokenResponse>;
