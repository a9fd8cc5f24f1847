import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';

/**
 * `private_key_jwt` (RFC 7523, API §2): the client proves itself with a JWT signed by its private key,
 * `iss = sub = client_id`, `aud` = the token endpoint URL, a unique `jti`, and `exp` at most five
 * minutes ahead. Only ES256 and EdDSA are accepted, and only the one that fits the registered key,
 * so `alg: none`, HMAC with the public key as secret, or a key confusion never verify.
 */

export const maxAssertionLifetimeSeconds = 300;
/** Clocks differ a little between the client and the server. */
export const clockToleranceSeconds = 5;

const algorithmByKeyType: Readonly<Record<string, string>> = { EC: 'ES256', OKP: 'EdDSA' };

export interface VerifiedAssertion {
  jti: string;
  expiresAt: Date;
}

/** The client the assertion claims to come from, read before verification to find its key. */
export function claimedClientId(assertion: string): string | undefined {
  try {
    const { iss, sub } = decodeJwt(assertion);
    return typeof iss === 'string' && iss === sub ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** The verified assertion's `jti` and expiry; undefined whenever any check fails. */
export async function verifyClientAssertion(
  assertion: string,
  client: { clientId: string; publicJwk: unknown },
  options: { tokenEndpointUrl: string; now: Date },
): Promise<VerifiedAssertion | undefined> {
  const jwk = client.publicJwk as JWK;
  const algorithm = typeof jwk.kty === 'string' ? algorithmByKeyType[jwk.kty] : undefined;
  if (algorithm === undefined || !hasAlgorithm(assertion, algorithm)) return undefined;
  try {
    const key = await importJWK(jwk, algorithm);
    const { payload } = await jwtVerify(assertion, key, {
      algorithms: [algorithm],
      issuer: client.clientId,
      subject: client.clientId,
      audience: options.tokenEndpointUrl,
      currentDate: options.now,
      clockTolerance: clockToleranceSeconds,
      requiredClaims: ['exp', 'jti'],
    });
    const { exp, jti } = payload;
    if (typeof exp !== 'number' || typeof jti !== 'string' || jti.length === 0 || jti.length > 200)
      return undefined;
    const nowSeconds = options.now.getTime() / 1000;
    if (exp > nowSeconds + maxAssertionLifetimeSeconds + clockToleranceSeconds) return undefined;
    return { jti, expiresAt: new Date(exp * 1000) };
  } catch {
    return undefined;
  }
}

function hasAlgorithm(assertion: string, algorithm: string): boolean {
  try {
    return decodeProtectedHeader(assertion).alg === algorithm;
  } catch {
    return false;
  }
}
