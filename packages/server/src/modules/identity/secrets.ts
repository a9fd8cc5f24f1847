import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token for cookies and one-time secrets: 256 bits, URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Session and CSRF tokens are stored only as this digest; they are random, so no salt is needed. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Compares digests, so neither the length nor the content of a secret leaks through timing. */
export function sameSecret(presented: string, expectedDigest: Buffer): boolean {
  return timingSafeEqual(tokenDigest(presented), expectedDigest);
}
