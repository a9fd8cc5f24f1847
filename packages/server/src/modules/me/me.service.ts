import type { Me, MeCaller, PurposeChannel } from '@fpr/contract';
import type { Db } from '../../db/database';
import { problem } from '../../http/problem';
import { rigaDate } from '../calendar/working-days';
import type { Caller } from '../identity/caller';
import { toMeOrganisation, toPurposeGrant } from './me.mapper';
import { findMeOrganisation, listUsablePurposes } from './me.repository';
import { feePerPersonCents } from './state-fee';

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
    feePerPersonCents: feePerPersonCents({
      environment: environment ?? 'production',
      isFeeExempt: organisation.isFeeExempt,
    }),
    // The prepaid ledger arrives with the billing issue; until then nobody has a balance.
    balanceCents: 0,
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
