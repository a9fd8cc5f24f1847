import { createHash, randomBytes } from 'node:crypto';
import { type Environment, environments } from '@fpr/contract';
import { type CryptoKey, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { type SigningKey, signingAlgorithm } from './signing-keys';

/**
 * Access tokens (API §2): JWTs the server signs, bound to one organisation, environment and
 * connection, living at most five minutes. `typ: at+jwt` (RFC 9068) keeps a client's own assertion,
 * or any other JWT, from ever passing as an access token.
 */

export const accessTokenLifetimeSeconds = 300;
const tokenType = 'at+jwt';

export interface AccessClaims {
  clientId: string;
  organisationId: string;
  environment: Environment;
  connectionId: string;
}

export interface TokenAudience {
  /** The server's public base URL. */
  issuer: string;
  /** The API the token is for. */
  audience: string;
}

export function tokenAudience(publicBaseUrl: string): TokenAudience {
  return { issuer: publicBaseUrl, audience: `${publicBaseUrl}/api/v1` };
}

export async function signAccessToken(
  key: SigningKey,
  claims: AccessClaims,
  options: TokenAudience & { now: Date },
): Promise<string> {
  const issuedAt = Math.floor(options.now.getTime() / 1000);
  return new SignJWT({
    client_id: claims.clientId,
    org: claims.organisationId,
    env: claims.environment,
    cnx: claims.connectionId,
  })
    .setProtectedHeader({ alg: signingAlgorithm, kid: key.kid, typ: tokenType })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(claims.clientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + accessTokenLifetimeSeconds)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
}

interface VerifiedToken {
  claims: AccessClaims;
  kid: string;
  /** Seconds since the epoch, from `exp`. */
  expiresAt: number;
  issuer: string;
  audience: string;
}

// A client sends the same token with every call for up to five minutes; checking its ES256
// signature each time was the largest cost of the server's own CPU per person query. A token
// whose signature was checked once is remembered by its SHA-256 (never the token itself) until
// it expires; its key must still be usable on every call, so retiring a key still ends its tokens.
const verifiedTokens = new LRUCache<string, VerifiedToken>({ max: 20_000 });

function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The claims of a valid token; undefined for anything else (forged, expired, wrong audience…). */
export async function verifyAccessToken(
  token: string,
  resolveKey: (kid: string) => Promise<CryptoKey | undefined>,
  options: TokenAudience & { now: Date },
): Promise<AccessClaims | undefined> {
  const digest = tokenDigest(token);
  const known = verifiedTokens.get(digest);
  if (known) return stillValid(known, resolveKey, options);
  const verified = await verifySignedToken(token, resolveKey, options);
  if (verified) verifiedTokens.set(digest, verified);
  return verified?.claims;
}

async function stillValid(
  known: VerifiedToken,
  resolveKey: (kid: string) => Promise<CryptoKey | undefined>,
  options: TokenAudience & { now: Date },
): Promise<AccessClaims | undefined> {
  if (known.issuer !== options.issuer || known.audience !== options.audience) return undefined;
  if (known.expiresAt <= Math.floor(options.now.getTime() / 1000)) return undefined;
  return (await resolveKey(known.kid)) ? known.claims : undefined;
}

async function verifySignedToken(
  token: string,
  resolveKey: (kid: string) => Promise<CryptoKey | undefined>,
  options: TokenAudience & { now: Date },
): Promise<VerifiedToken | undefined> {
  try {
    const { payload, protectedHeader } = await jwtVerify(
      token,
      async (header) => {
        const key = header.kid === undefined ? undefined : await resolveKey(header.kid);
        if (!key) throw new Error('unknown signing key');
        return key;
      },
      {
        algorithms: [signingAlgorithm],
        issuer: options.issuer,
        audience: options.audience,
        typ: tokenType,
        currentDate: options.now,
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
        maxTokenAge: accessTokenLifetimeSeconds,
      },
    );
    const claims = claimsOf(payload);
    const kid = protectedHeader.kid;
    if (!claims || kid === undefined || payload.exp === undefined) return undefined;
    return { claims, kid, expiresAt: payload.exp, issuer: options.issuer, audience: options.audience };
  } catch {
    return undefined;
  }
}

function claimsOf(payload: JWTPayload): AccessClaims | undefined {
  const { sub, org, env, cnx } = payload;
  if (typeof sub !== 'string' || typeof org !== 'string' || typeof cnx !== 'string') return undefined;
  const environment = environments.find((candidate) => candidate === env);
  if (environment === undefined) return undefined;
  return { clientId: sub, organisationId: org, environment, connectionId: cnx };
}
