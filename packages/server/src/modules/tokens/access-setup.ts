import type { FastifyInstance } from 'fastify';
import { connectionStringOf, type Db } from '../../db/database';
import { type AccessState, createAccessState } from './access-state';
import { registerRateLimiting } from './connection-rate-limit';

/**
 * Wires access control into an application: the rate-limit plugin, and the access-state copy —
 * the given one, or a new one that starts listening when the app is ready and stops when it closes.
 */
export async function setUpAccessControl(
  app: FastifyInstance,
  deps: { db: Db; accessState?: AccessState },
): Promise<AccessState> {
  await registerRateLimiting(app);
  if (deps.accessState) return deps.accessState;
  const state = createAccessState({
    db: deps.db,
    connectionString: connectionStringOf(deps.db),
    log: app.log,
  });
  app.addHook('onReady', () => state.start());
  app.addHook('onClose', () => state.close());
  return state;
}
