/** How long a browser session lives: short idle timeout, as THREATS "session riding" asks. */
export const sessionPolicy = {
  idleTimeoutSeconds: 30 * 60,
  absoluteTimeoutSeconds: 12 * 60 * 60,
  /** `last_seen_at` is written at most this often, so reads do not each cost a write. */
  touchIntervalSeconds: 60,
  cookieName: 'fpr_session',
  /** Readable by the web app (not HTTP-only) so it can echo it in the header after a reload. */
  csrfCookieName: 'fpr_csrf',
  csrfHeader: 'x-csrf-token',
} as const;
