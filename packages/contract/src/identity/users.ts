import { type Static, Type } from 'typebox';
import { EnvironmentSchema } from '../common';

/** PMLP staff roles (DOMAIN §2); staff belong to no organisation. */
export const staffRoles = ['administrator', 'reviewer', 'accountant', 'registrar'] as const;
/** Roles of an organisation's people: the contact person runs the account, PDP users look persons up. */
export const organisationRoles = ['contactPerson', 'pdpUser'] as const;
export const userRoles = [...staffRoles, ...organisationRoles] as const;
export type StaffRole = (typeof staffRoles)[number];
export type OrganisationRole = (typeof organisationRoles)[number];
export type UserRole = (typeof userRoles)[number];

export function isStaffRole(role: string): role is StaffRole {
  return (staffRoles as readonly string[]).includes(role);
}

export const UserRoleSchema = Type.Enum(userRoles, { description: 'Role of a person using the service' });

export const Username = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{2,63}$',
  description: 'Log-in name: 3–64 lower-case letters, digits, dot, hyphen or underscore',
});

/** At least 12 characters: long passphrases beat composition rules (NIST SP 800-63B). */
export const NewPassword = Type.String({
  minLength: 12,
  maxLength: 200,
  description: 'New password, 12–200 characters',
});

export const TotpCode = Type.String({ pattern: '^\\d{6}$', description: 'Six-digit TOTP code (RFC 6238)' });

export const Reason = Type.String({
  minLength: 3,
  maxLength: 1000,
  description: 'Why the action is taken; recorded with who and when',
});

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
    totpCode: TotpCode,
  },
  { additionalProperties: false, description: 'Log-in with password and TOTP code' },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const UserSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: UserRoleSchema,
  organisationId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  environment: Type.Union([EnvironmentSchema, Type.Null()]),
});
export type UserSummary = Static<typeof UserSummary>;

export const LoginResponse = Type.Object({
  user: UserSummary,
  csrfToken: Type.String({ description: 'Send it as X-CSRF-Token on every state-changing call' }),
  idleTimeoutSeconds: Type.Integer({ description: 'The session ends after this long without a call' }),
  expiresAt: Type.String({ format: 'date-time', description: 'The session ends at this time at the latest' }),
});
export type LoginResponse = Static<typeof LoginResponse>;

/** A person's account as administrators see it. */
export const UserAccount = Type.Object({
  ...UserSummary.properties,
  email: Type.Union([Type.String(), Type.Null()]),
  isLocked: Type.Boolean(),
  isActive: Type.Boolean(),
  isTotpConfirmed: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserAccount = Static<typeof UserAccount>;

export const UserAccountList = Type.Object({ users: Type.Array(UserAccount) });

/** Shown once: the authenticator enrolment. The secret is never shown again. */
export const TotpEnrolment = Type.Object({
  secret: Type.String({ description: 'Base32 TOTP secret' }),
  otpauthUri: Type.String({ description: 'otpauth:// URI for authenticator apps' }),
  qrCodeDataUrl: Type.String({ description: 'The URI as a QR code (PNG data URL)' }),
});

export const CreateUserRequest = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    role: UserRoleSchema,
    environment: Type.Optional(EnvironmentSchema),
  },
  { additionalProperties: false, description: 'A new user; PDP users work in one environment' },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

/** The credentials of a new or reset account, shown once to the person who created it. */
export const IssuedCredentials = Type.Object({
  user: UserAccount,
  initialPassword: Type.Optional(Type.String({ description: 'Shown once; the user should change it' })),
  totp: Type.Optional(TotpEnrolment),
});
export type IssuedCredentials = Static<typeof IssuedCredentials>;

export const ReasonRequest = Type.Object({ reason: Reason }, { additionalProperties: false });
export type ReasonRequest = Static<typeof ReasonRequest>;

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: NewPassword },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const UserIdParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });
