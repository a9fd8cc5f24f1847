import type { InvalidParam } from '../../http/problem';

/**
 * The rules for a client's public key (API §2: ES256 or EdDSA): an EC P-256 or OKP Ed25519 public
 * JWK. A key with private members is refused outright — whoever sent it has leaked it and must make
 * a new one. Whether the point really lies on the curve is left to the key import (the service).
 */

export type ClientKeyAlgorithm = 'ES256' | 'EdDSA';

/** What is stored: the public members only, so nothing the client added travels further. */
export interface StoredPublicJwk {
  kty: 'EC' | 'OKP';
  crv: 'P-256' | 'Ed25519';
  x: string;
  y?: string;
}

export type PublicKeyCheck =
  | { ok: true; jwk: StoredPublicJwk; algorithm: ClientKeyAlgorithm }
  | { ok: false; invalidParams: InvalidParam[] };

const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

const keyTypes = {
  EC: { crv: 'P-256', algorithm: 'ES256', coordinates: ['x', 'y'] },
  OKP: { crv: 'Ed25519', algorithm: 'EdDSA', coordinates: ['x'] },
} as const;

/** A P-256 coordinate and an Ed25519 public key are both 32 bytes: 43 base64url characters. */
const coordinate = /^[A-Za-z0-9_-]{43}$/;

export function checkPublicJwk(jwk: Readonly<Record<string, unknown>>, name = 'publicJwk'): PublicKeyCheck {
  const invalidParams: InvalidParam[] = privateMembers
    .filter((member) => jwk[member] !== undefined)
    .map((member) => ({
      name: `${name}.${member}`,
      code: 'privateKey',
      reason: 'is a private key member; register the public key only, and replace the leaked key',
    }));
  const kty = jwk.kty;
  if (kty !== 'EC' && kty !== 'OKP') {
    invalidParams.push({ name: `${name}.kty`, code: 'unsupportedKeyType', reason: 'must be EC or OKP' });
    return { ok: false, invalidParams };
  }
  const rule = keyTypes[kty];
  if (jwk.crv !== rule.crv)
    invalidParams.push({ name: `${name}.crv`, code: 'unsupportedCurve', reason: `must be ${rule.crv}` });
  for (const member of rule.coordinates) {
    const value = jwk[member];
    if (typeof value !== 'string' || !coordinate.test(value))
      invalidParams.push({
        name: `${name}.${member}`,
        code: 'malformed',
        reason: 'must be 32 bytes in base64url',
      });
  }
  invalidParams.push(...optionalMemberProblems(jwk, name, rule.algorithm));
  if (invalidParams.length > 0) return { ok: false, invalidParams };
  return { ok: true, jwk: storedForm(jwk, kty), algorithm: rule.algorithm };
}

function optionalMemberProblems(
  jwk: Readonly<Record<string, unknown>>,
  name: string,
  algorithm: ClientKeyAlgorithm,
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  if (jwk.alg !== undefined && jwk.alg !== algorithm)
    problems.push({ name: `${name}.alg`, code: 'unsupportedAlgorithm', reason: `must be ${algorithm}` });
  if (jwk.use !== undefined && jwk.use !== 'sig')
    problems.push({ name: `${name}.use`, code: 'unsupportedUse', reason: 'must be sig' });
  return problems;
}

function storedForm(jwk: Readonly<Record<string, unknown>>, kty: 'EC' | 'OKP'): StoredPublicJwk {
  const x = String(jwk.x);
  if (kty === 'OKP') return { kty, crv: 'Ed25519', x };
  return { kty, crv: 'P-256', x, y: String(jwk.y) };
}
