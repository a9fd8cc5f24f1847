import { randomBytes } from 'node:crypto';
import { clientAssertionType, type Environment } from '@fpr/contract';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Db } from '../src/db/database';
import type { AccessState, AccessStateEvent } from '../src/modules/tokens/access-state';
import {
  generateClientId,
  generateClientSecret,
  hashClientSecret,
} from '../src/modules/tokens/client-secret';
import { testConfig } from './app';
import { createServiceRequest } from './contract-fixtures';

/** The audience every client assertion must name in tests. */
export const tokenEndpointUrl = `${testConfig.publicBaseUrl}/oauth/token`;

export interface TestConnection {
  id: string;
  organisationId: string;
  environment: Environment;
}

/** A connection inserted directly, `active` unless told otherwise. */
export async function createConnection(
  db: Db,
  options: {
    organisationId: string;
    environment: Environment;
    status?: 'configured' | 'active' | 'suspended';
    ipAllowList?: string[];
    rateLimitPerMinute?: number;
  },
): Promise<TestConnection> {
  const row = await db
    .insertInto('connection')
    .values({
      organisationId: options.organisationId,
      environment: options.environment,
      status: options.status ?? 'active',
      ipAllowList: options.ipAllowList ?? [],
      rateLimitPerMinute: options.rateLimitPerMinute ?? 600,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, organisationId: options.organisationId, environment: options.environment };
}

export interface KeyClient {
  clientId: string;
  algorithm: 'ES256' | 'EdDSA';
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

/** A `private_key_jwt` client with a fresh key pair, inserted directly. */
export async function createKeyClient(
  db: Db,
  connection: TestConnection,
  algorithm: 'ES256' | 'EdDSA' = 'ES256',
): Promise<KeyClient> {
  const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)) };
  const clientId = generateClientId();
  await db
    .insertInto('systemClient')
    .values({
      clientId,
      organisationId: connection.organisationId,
      connectionId: connection.id,
      environment: connection.environment,
      name: `Key client ${algorithm}`,
      authMethod: 'private_key_jwt',
      publicJwk: JSON.stringify(publicJwk),
    })
    .execute();
  return { clientId, algorithm, privateKey, publicJwk };
}

/** A `client_secret_basic` client, inserted directly. */
export async function createSecretClient(
  db: Db,
  connection: TestConnection,
): Promise<{ clientId: string; secret: string }> {
  const clientId = generateClientId();
  const secret = generateClientSecret();
  await db
    .insertInto('systemClient')
    .values({
      clientId,
      organisationId: connection.organisationId,
      connectionId: connection.id,
      environment: connection.environment,
      name: 'Secret client',
      authMethod: 'client_secret_basic',
      secretHash: hashClientSecret(secret),
    })
    .execute();
  return { clientId, secret };
}

export interface AssertionOptions {
  now?: Date;
  audience?: string;
  jti?: string;
  /** Seconds from `now`; default 120. */
  expiresIn?: number;
  /** Sign with another key (a forgery). */
  signingKey?: CryptoKey;
  issuer?: string;
}

export async function clientAssertion(client: KeyClient, options: AssertionOptions = {}): Promise<string> {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: client.algorithm })
    .setIssuer(options.issuer ?? client.clientId)
    .setSubject(client.clientId)
    .setAudience(options.audience ?? tokenEndpointUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 120))
    .setJti(options.jti ?? randomBytes(12).toString('base64url'))
    .sign(options.signingKey ?? client.privateKey);
}

/** Posts a form to the token endpoint. */
export function postToken(
  baseUrl: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export function assertionForm(assertion: string): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_assertion_type: clientAssertionType,
    client_assertion: assertion,
  };
}

export function basicHeader(clientId: string, secret: string): Record<string, string> {
  const encoded = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
    'base64',
  );
  return { authorization: `Basic ${encoded}` };
}

/** An access token for a key client, or the test fails. */
export async function accessTokenFor(baseUrl: string, client: KeyClient, now?: Date): Promise<string> {
  const response = await postToken(baseUrl, assertionForm(await clientAssertion(client, { now })));
  if (response.status !== 200) throw new Error(`token refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Resolves at the first event of the access-state copy that `matches`: tests wait, never sleep. */
export function nextAccessEvent(
  state: AccessState,
  matches: (event: AccessStateEvent) => boolean,
): Promise<AccessStateEvent> {
  return new Promise((resolve) => {
    const unsubscribe = state.subscribe((event) => {
      if (!matches(event)) return;
      unsubscribe();
      resolve(event);
    });
  });
}

/** An active contract with the given purposes, inserted directly. */
export async function createPurposes(
  db: Db,
  organisationId: string,
  purposes: Array<{
    purpose: string;
    channels: string[];
    environments: string[];
    validFrom?: string;
    validTo?: string | null;
    status?: string;
    isMonitoring?: boolean;
  }>,
): Promise<string[]> {
  const request = await createServiceRequest(db, { organisationId, status: 'active' });
  const contract = await db
    .insertInto('contract')
    .values({ organisationId, requestId: request.id, status: 'active', agreedVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await db
    .insertInto('purpose')
    .values(
      purposes.map((purpose) => ({
        organisationId,
        contractId: contract.id,
        legalBasis: 'Law on X, § 5',
        purpose: purpose.purpose,
        scopes: ['identity'],
        fields: ['residence.declaredAddress'],
        channels: purpose.channels,
        environments: purpose.environments,
        isMonitoring: purpose.isMonitoring ?? false,
        validFrom: purpose.validFrom ?? '2020-01-01',
        validTo: purpose.validTo ?? null,
        status: purpose.status ?? 'active',
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
