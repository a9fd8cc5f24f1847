import type { Environment } from '@fpr/contract';
import type { AppContext } from '../../app';
import { problem } from '../../http/problem';
import type { Caller } from '../identity/caller';
import type { UsablePurpose } from '../persons/purpose-binding';
import type { MonitoringOrigin } from './monitoring.service';

/**
 * The organisation and environment a monitoring call works on. A system client works in its
 * token's environment and a PDP user in their own; naming another is `environmentMismatch`. An
 * organisation's contact person names the environment (`?environment=`), as on the webhook routes,
 * and is refused while that environment's connection is suspended, like the others at log-in.
 */
export async function monitoringOriginOf(
  ctx: Pick<AppContext, 'accessState'>,
  caller: Caller,
  environment: Environment | undefined,
): Promise<MonitoringOrigin> {
  if (caller.kind === 'client') {
    refuseOtherEnvironment(caller.environment, environment);
    return { caller, organisationId: caller.organisationId, environment: caller.environment };
  }
  if (caller.organisationId === null)
    throw problem('forbidden', { detail: 'Only organisations monitor persons.' });
  if (caller.role === 'pdpUser' && caller.environment !== null) {
    refuseOtherEnvironment(caller.environment, environment);
    return { caller, organisationId: caller.organisationId, environment: caller.environment };
  }
  if (caller.role !== 'contactPerson')
    throw problem('forbidden', {
      detail: 'Only system clients, PDP users and contact persons monitor persons.',
    });
  if (environment === undefined)
    throw problem('paramsValidation', {
      invalidParams: [
        { name: 'environment', code: 'required', reason: 'names the environment to monitor in' },
      ],
    });
  const connection = await ctx.accessState.connectionFor(caller.organisationId, environment);
  if (connection?.status === 'suspended')
    throw problem('connectionSuspended', { detail: 'The connection of this environment is suspended.' });
  return { caller, organisationId: caller.organisationId, environment };
}

function refuseOtherEnvironment(own: Environment, named: Environment | undefined): void {
  if (named !== undefined && named !== own)
    throw problem('environmentMismatch', { detail: `This caller works only in the ${own} environment.` });
}

/**
 * The channel whose rules a purpose is checked under: a client uses the API, a PDP user the PDP.
 * A contact person manages the organisation's monitoring on behalf of whichever channel the
 * purpose serves, so either of its channels will do.
 */
export function channelOf(
  caller: Caller,
  purpose: Pick<UsablePurpose, 'channels'> | undefined,
): 'api' | 'pdp' {
  if (caller.kind === 'client') return 'api';
  if (caller.role !== 'contactPerson') return 'pdp';
  return purpose?.channels.includes('pdp') ? 'pdp' : 'api';
}
