import { randomBytes } from 'node:crypto';
import { type Environment, environments } from '@fpr/contract';
import { type CryptoKey, type JWTPayload, jwtVerify, SignJWT } from 'jose';
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

/** The claims of a valid token; undefined for anything else (forged, expired, wrong audience…). */
export async function verifyAccessToken(
  token: string,
  resolveKey: (kid: string) => Promise<CryptoKey | undefined>,
  options: TokenAudience & { now: Date },
): Promise<AccessClaims | undefined> {
  try {
    const { payload } = await jwtVerify(
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
    return claimsOf(payload);
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
