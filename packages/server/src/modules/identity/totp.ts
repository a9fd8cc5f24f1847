import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import { toDataURL } from 'qrcode';

const issuer = 'FPR Online';
const periodSeconds = 30;

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
}

export function newTotpSecret(): string {
  return generateSecret();
}

/** What an authenticator app needs: the secret, its `otpauth://` URI and that URI as a QR code. */
export async function totpEnrolment(username: string, secret: string): Promise<TotpEnrolment> {
  const otpauthUri = generateURI({ issuer, label: username, secret });
  return { secret, otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri) };
}

/**
 * Checks a code at `now`, allowing one step of clock drift either way; refuses a step at or before
 * `lastStep`, so a code once used cannot be replayed. Returns the accepted step, or undefined.
 */
export function acceptedTotpStep(
  secret: string,
  code: string,
  now: Date,
  lastStep?: number,
): number | undefined {
  const result = verifySync({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: periodSeconds,
    ...(lastStep === undefined ? {} : { afterTimeStep: lastStep }),
  });
  // The union also covers HOTP results, which carry no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** The code an authenticator shows at `at` (the demo and the tests log in with it). */
export function totpCodeAt(secret: string, at: Date): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}
