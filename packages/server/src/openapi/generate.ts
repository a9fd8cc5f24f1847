import { fileURLToPath } from 'node:url';
import { buildApp } from '../app';
import { readConfig } from '../config';
import { createDatabase } from '../db/database';

/** The committed copy of the document, checked by `openapi.test.ts`. */
export const openApiPath = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

/**
 * Builds the app as it serves (same schemas, same registrations) and asks it for its document.
 * The defaults stand in for the environment so the document does not depend on where it is made,
 * and the database pool is never connected: building routes must not query.
 */
export async function generateOpenApi(): Promise<object> {
  const config = readConfig({});
  const db = createDatabase({ connectionString: 'postgres://openapi@127.0.0.1:1/never-connected' });
  const app = await buildApp({ config, db, logger: false });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await db.destroy();
  }
}

/** Pretty, with keys sorted at every level, and a trailing newline: diffs show only real changes. */
export function formatOpenApi(document: object): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
