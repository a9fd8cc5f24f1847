import type { Environment, IssuedCredentials, StaffRole } from '@fpr/contract';
import { exportJWK, generateKeyPair } from 'jose';
import type { Db } from '../../db/database';
import { recordTopUp } from '../billing/ledger.service';
import { rigaDate } from '../calendar/working-days';
import { createSystemClient } from '../connections/clients.service';
import { createConnection, stepConnection } from '../connections/connections.service';
import { approveContractVersion, startContractDrafting } from '../contracts/contract-drafting.service';
import { activateContract } from '../contracts/contract-lifecycle.service';
import type { UserCaller } from '../identity/caller';
import { findUserByUsername } from '../identity/identity.repository';
import type { SecretBox } from '../identity/secret-box';
import { createFirstAdministrator, createUser } from '../identity/users.service';
import { registerOrganisation } from '../organisations/organisations.service';
import { createRequest, submitRequest } from '../requests/requests.service';
import { startReview } from '../requests/requests-review.service';
import { createAccessState } from '../tokens/access-state';
import { type DemoOrganisationPlan, organisationPlans, staff } from './demo-plans';

export interface DemoUser {
  username: string;
  password: string;
  totpSecret: string;
  role: string;
  environment?: Environment;
}

export interface DemoOrganisation {
  id: string;
  name: string;
  registrationNumber: string;
  feeExempt: boolean;
  purposes: Array<{ id: string; scopes: string[]; monitoring: boolean }>;
  clients: Partial<Record<Environment, { clientId: string; privateKeyJwk: Record<string, unknown> }>>;
  users: DemoUser[];
}

/** What the demo creates once and `demo-credentials.json` hands to a newcomer (API.md §7). */
export interface DemoAccess {
  organisations: DemoOrganisation[];
  pmlp: { users: DemoUser[] };
}

interface DemoContext {
  db: Db;
  now: () => Date;
  secretBox: SecretBox;
}

/** Whether the demo's people exist already (a second start reuses them). */
export async function hasDemoAccess(db: Db): Promise<boolean> {
  return (await findUserByUsername(db, 'pmlp.admin')) !== undefined;
}

function demoUser(issued: IssuedCredentials): DemoUser {
  return {
    username: issued.user.username,
    password: issued.initialPassword ?? '',
    totpSecret: issued.totp?.secret ?? '',
    role: issued.user.role,
    ...(issued.user.environment ? { environment: issued.user.environment } : {}),
  };
}

function callerOf(issued: IssuedCredentials): UserCaller {
  return {
    kind: 'user',
    userId: issued.user.id,
    username: issued.user.username,
    role: issued.user.role,
    organisationId: issued.user.organisationId,
    environment: issued.user.environment,
  };
}

/** PMLP's four staff roles; the administrator is created first and creates the others. */
async function createStaff(
  ctx: DemoContext,
): Promise<{ users: DemoUser[]; actors: Map<StaffRole, UserCaller> }> {
  const [first, ...others] = staff;
  if (!first) throw new Error('no staff defined');
  const admin = await createFirstAdministrator(ctx, first);
  const actors = new Map<StaffRole, UserCaller>([['administrator', callerOf(admin)]]);
  const users = [demoUser(admin)];
  for (const person of others) {
    const issued = await createUser(ctx, callerOf(admin), null, person);
    actors.set(person.role, callerOf(issued));
    users.push(demoUser(issued));
  }
  return { users, actors };
}

async function createDemoOrganisation(
  ctx: DemoContext,
  admin: UserCaller,
  plan: DemoOrganisationPlan,
): Promise<{ organisation: DemoOrganisation; contact: UserCaller }> {
  const organisation = await registerOrganisation(ctx, admin, plan);
  const contact = await createUser(ctx, admin, organisation.id, {
    username: `${plan.prefix}.contact`,
    displayName: `${plan.name} — contact person`,
    role: 'contactPerson',
  });
  const users = [demoUser(contact)];
  for (const environment of ['test', 'production'] as const) {
    const pdp = await createUser(ctx, callerOf(contact), organisation.id, {
      username: `${plan.prefix}.pdp.${environment}`,
      displayName: `${plan.name} — PDP user (${environment})`,
      role: 'pdpUser',
      environment,
    });
    users.push(demoUser(pdp));
  }
  return {
    organisation: { ...organisation, purposes: [], clients: {}, users },
    contact: callerOf(contact),
  };
}

const contractText = (organisation: string) =>
  `# Sadarbības līgums\n\nPMLP un ${organisation} vienojas par datu saņemšanu no Fizisko personu reģistra.\n\n` +
  '1. Dati tiek izmantoti tikai līgumā noteiktajiem mērķiem.\n2. Katra piekļuve tiek reģistrēta.\n';

/**
 * Walks the request through the lifecycle as the people would: the contact person submits, the
 * reviewer drafts the contract, both sides approve it and PMLP activates the purposes.
 */
async function agreeContract(
  ctx: DemoContext,
  actors: { contact: UserCaller; reviewer: UserCaller },
  plan: DemoOrganisationPlan,
): Promise<DemoOrganisation['purposes']> {
  const request = await createRequest(ctx, actors.contact, plan.request);
  await submitRequest(ctx, actors.contact, request.id);
  await startReview(ctx, actors.reviewer, request.id);
  const contract = await startContractDrafting(ctx, actors.reviewer, request.id, {
    text: contractText(plan.name),
  });
  const version = contract.versions[0];
  if (!version) throw new Error('the drafted contract has no version');
  const approval = { version: version.number, textHash: version.textHash };
  await approveContractVersion(ctx, actors.contact, contract.id, approval);
  await approveContractVersion(ctx, actors.reviewer, contract.id, approval);
  const validFrom = rigaDate(ctx.now());
  const purposes = plan.purposes.map((purpose) => ({
    ...purpose,
    validFrom,
    channels: plan.request.channels,
    environments: plan.request.environments,
  }));
  const active = await activateContract(ctx, actors.reviewer, contract.id, { purposes });
  return active.purposes.map((purpose) => ({
    id: purpose.id,
    scopes: [...purpose.scopes, ...purpose.fields],
    monitoring: purpose.monitoring,
  }));
}

/** The accountant books a prepayment, as from a bank statement. */
async function prepay(ctx: DemoContext, accountant: UserCaller, organisationId: string, amountCents: number) {
  await recordTopUp(ctx, accountant, {
    organisationId,
    idempotencyKey: undefined,
    fingerprint: `demo-prepayment-${organisationId}`,
    body: { amountCents, paymentReference: 'DEMO-PREPAYMENT-1', receivedOn: rigaDate(ctx.now()) },
  });
}

/**
 * PMLP configures and activates a connection per environment; the contact person registers a system
 * client with a fresh ES256 key pair, whose private half only the demo file keeps.
 */
async function connectAndRegisterClients(
  ctx: DemoContext,
  actors: { admin: UserCaller; contact: UserCaller },
  organisationId: string,
): Promise<DemoOrganisation['clients']> {
  // No listener: the demo's own copy reads the database; running servers hear the notifications.
  const connectionsContext = {
    ...ctx,
    accessState: createAccessState({ db: ctx.db, connectionString: undefined }),
  };
  const clients: DemoOrganisation['clients'] = {};
  for (const environment of ['test', 'production'] as const) {
    const connection = await createConnection(connectionsContext, actors.admin, organisationId, {
      environment,
    });
    await stepConnection(connectionsContext, actors.admin, connection.id, 'activate', 'Demo connection');
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const { kty = 'EC', crv, x, y } = await exportJWK(publicKey);
    const client = await createSystemClient(connectionsContext, actors.contact, organisationId, {
      environment,
      name: `Demo system (${environment})`,
      publicJwk: { kty, crv, x, y, alg: 'ES256' },
    });
    clients[environment] = {
      clientId: client.clientId,
      privateKeyJwk: { ...(await exportJWK(privateKey)), alg: 'ES256' },
    };
  }
  return clients;
}

/**
 * Creates the demo's people and organisations once, through the same services the API uses.
 * Passwords and TOTP secrets exist in clear only in the returned value (kept by the caller in
 * the data folder, readable by its owner only).
 */
export async function createDemoAccess(ctx: DemoContext): Promise<DemoAccess> {
  const { users, actors } = await createStaff(ctx);
  const admin = actors.get('administrator');
  const reviewer = actors.get('reviewer');
  const accountant = actors.get('accountant');
  if (!admin || !reviewer || !accountant) throw new Error('the demo staff is missing');
  const organisations: DemoOrganisation[] = [];
  for (const plan of organisationPlans) {
    const { organisation, contact } = await createDemoOrganisation(ctx, admin, plan);
    organisation.purposes = await agreeContract(ctx, { contact, reviewer }, plan);
    organisation.clients = await connectAndRegisterClients(ctx, { admin, contact }, organisation.id);
    if (plan.prepaidCents) await prepay(ctx, accountant, organisation.id, plan.prepaidCents);
    organisations.push(organisation);
  }
  return { organisations, pmlp: { users } };
}
