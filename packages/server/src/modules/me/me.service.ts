import type { Me, MeCaller, PurposeChannel } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { balanceOf, stateFeePerPerson } from '../billing/state-fee';
import { rigaDate } from '../calendar/working-days';
import type { Caller } from '../identity/caller';
import { toMeOrganisation, toPurposeGrant } from './me.mapper';
import { findMeOrganisation, listUsablePurposes } from './me.repository';

export interface MeContext {
  db: Db;
  now: () => Date;
}

/** What may I do? (API §3): the organisation, environment, caller, usable purposes and the fee. */
export async function readMe(ctx: MeContext, caller: Caller): Promise<Me> {
  if (caller.organisationId === null)
    throw problem('forbidden', { detail: 'PMLP staff act for no organisation.' });
  const organisation = await findMeOrganisation(ctx.db, caller.organisationId);
  if (!organisation) throw problem('notFound', { detail: 'No such organisation.' });
  const environment = caller.environment;
  const purposes = await listUsablePurposes(ctx.db, {
    organisationId: organisation.id,
    day: rigaDate(ctx.now()),
    ...(environment === null ? {} : { environment }),
    ...channelFilter(caller),
  });
  return {
    organisation: toMeOrganisation(organisation),
    environment,
    caller: identityOf(caller),
    purposes: purposes.map(toPurposeGrant),
    // A contact person works in both environments; they see what production would cost.
    feePerPersonCents: await stateFeePerPerson(ctx.db, {
      organisationId: organisation.id,
      environment: environment ?? 'production',
      at: ctx.now(),
    }),
    balanceCents: await balanceOf(ctx.db, organisation.id),
    currency: 'EUR',
  };
}

/** Clients use the API channel, PDP users the web viewer; a contact person sees both. */
function channelFilter(caller: Caller): { channel?: PurposeChannel } {
  if (caller.kind === 'client') return { channel: 'api' };
  return caller.role === 'pdpUser' ? { channel: 'pdp' } : {};
}

function identityOf(caller: Caller): MeCaller {
  if (caller.kind === 'client') return { kind: 'client', clientId: caller.clientId };
  return { kind: 'user', username: caller.username, role: caller.role };
}
