/**
 * The server ends a session after `idleTimeoutSeconds` without a call (30 minutes); the app stops
 * showing the user as logged in at the same moment, so nobody works on in a session already gone.
 */
export function isIdle(
  session: { idleTimeoutSeconds: number; lastActivityAt: number },
  now: number,
): boolean {
  return now - session.lastActivityAt >= session.idleTimeoutSeconds * 1000;
}
