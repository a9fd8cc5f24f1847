import { type Static, Type } from 'typebox';
import { EnvironmentSchema } from '../common';
import { UserRoleSchema } from '../identity/users';
import { ClientIdString } from './connections';
import { PurposeGrant } from './purposes';

export const MeOrganisation = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  registrationNumber: Type.String(),
  feeExempt: Type.Boolean({ description: 'Never charged the state fee (DOMAIN §6)' }),
});
export type MeOrganisation = Static<typeof MeOrganisation>;

export const ClientIdentity = Type.Object({
  kind: Type.Literal('client'),
  clientId: ClientIdString,
});

export const UserIdentity = Type.Object({
  kind: Type.Literal('user'),
  username: Type.String(),
  role: UserRoleSchema,
});

export const MeCaller = Type.Union([ClientIdentity, UserIdentity], {
  description: 'Who calls: a system client or a logged-in person',
});
export type MeCaller = Static<typeof MeCaller>;

/** What may I do? (API §3) */
export const Me = Type.Object({
  organisation: MeOrganisation,
  environment: Type.Union([EnvironmentSchema, Type.Null()], {
    description: 'The environment the credential works in; null for a contact person, who works in both',
  }),
  caller: MeCaller,
  purposes: Type.Array(PurposeGrant, {
    description:
      'Active purposes valid today for this environment and channel (api for clients, pdp for people)',
  }),
  feePerPersonCents: Type.Integer({
    minimum: 0,
    description: 'The state fee per delivered person in this environment, in euro cents',
  }),
  balanceCents: Type.Integer({ description: 'The prepaid balance in euro cents' }),
  currency: Type.Literal('EUR'),
});
export type Me = Static<typeof Me>;
