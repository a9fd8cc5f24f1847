import { type Kysely, sql } from 'kysely';

// Frozen in time: imports nothing from the application.
// The access lifecycle (DOMAIN §2–3): organisations, people and their sessions, service requests,
// contracts with their purposes, connections with their system clients, and the calendar overrides.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createOrganisations(db);
  await createPeople(db);
  await createCalendar(db);
  await createRequests(db);
  await createContracts(db);
  await createConnections(db);
}

async function createOrganisations(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organisation (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      registration_number text NOT NULL UNIQUE CHECK (registration_number ~ '^\\d{11}$'),
      legal_form text NOT NULL CHECK (legal_form IN ('publicLaw', 'privateLaw')),
      is_fee_exempt boolean NOT NULL DEFAULT false,
      fee_exemption_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (NOT is_fee_exempt OR fee_exemption_reason IS NOT NULL)
    )`.execute(db);
}

async function createPeople(db: Kysely<unknown>): Promise<void> {
  // One table for PMLP staff (no organisation) and organisation users; a PDP user works in one
  // environment, so a test log-in can never read production.
  await sql`
    CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid REFERENCES organisation (id),
      username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text NOT NULL,
      email text,
      role text NOT NULL CHECK (role IN
        ('administrator', 'reviewer', 'accountant', 'registrar', 'contactPerson', 'pdpUser')),
      environment text CHECK (environment IN ('test', 'production')),
      password_hash text NOT NULL,
      totp_secret text NOT NULL,
      totp_confirmed_at timestamptz,
      -- The last accepted TOTP time step: a code, once used, cannot be replayed.
      totp_last_step bigint,
      failed_login_count integer NOT NULL DEFAULT 0,
      locked_at timestamptz,
      is_active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((organisation_id IS NULL) = (role IN ('administrator', 'reviewer', 'accountant', 'registrar'))),
      CHECK ((role = 'pdpUser') = (environment IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX app_user_username ON app_user (username)`.execute(db);
  await sql`CREATE INDEX app_user_organisation ON app_user (organisation_id)`.execute(db);
  // Only a digest of the session token is stored: a stolen table does not yield working cookies.
  await sql`
    CREATE TABLE user_session (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user (id),
      csrf_token_hash bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ended_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX user_session_user ON user_session (user_id)`.execute(db);
  // Who locked, unblocked or reset an account, when and why.
  await sql`
    CREATE TABLE account_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user (id),
      action text NOT NULL CHECK (action IN
        ('created', 'locked', 'unblocked', 'passwordReset', 'totpReset', 'totpConfirmed', 'deactivated')),
      actor_user_id uuid REFERENCES app_user (id),
      reason text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX account_event_user ON account_event (user_id, at)`.execute(db);
}

async function createCalendar(db: Kysely<unknown>): Promise<void> {
  // Cabinet orders move working days (a Friday off, a Saturday worked) and may add holidays;
  // date-holidays knows only the statutory ones.
  await sql`
    CREATE TABLE calendar_override (
      day date PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('workingDay', 'holiday')),
      note text NOT NULL,
      created_by uuid REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

async function createRequests(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE service_request (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      status text NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'clarification_requested',
        'contract_drafting', 'contract_agreed', 'active', 'rejected', 'withdrawn')),
      title text NOT NULL,
      -- [{ scope, fields?, legalBasis, purpose }]: the motivation for each requested data set.
      scopes jsonb NOT NULL,
      channels text[] NOT NULL,
      environments text[] NOT NULL,
      expected_system_users integer NOT NULL CHECK (expected_system_users BETWEEN 0 AND 10000),
      wants_monitoring boolean NOT NULL,
      contact_persons jsonb NOT NULL,
      submitted_at timestamptz,
      -- The 30-working-day deadline, recomputed when a clarification pause ends.
      deadline date,
      -- Working days spent waiting for clarification, which do not count.
      paused_working_days integer NOT NULL DEFAULT 0,
      created_by uuid NOT NULL REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX service_request_organisation ON service_request (organisation_id, created_at)`.execute(
    db,
  );
  await sql`CREATE INDEX service_request_queue ON service_request (deadline) WHERE status IN
    ('submitted', 'in_review', 'clarification_requested', 'contract_drafting')`.execute(db);
  await sql`
    CREATE TABLE request_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES service_request (id),
      from_status text,
      to_status text NOT NULL,
      actor_user_id uuid NOT NULL REFERENCES app_user (id),
      note text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX request_event_request ON request_event (request_id, id)`.execute(db);
  await sql`
    CREATE TABLE request_message (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      request_id uuid NOT NULL REFERENCES service_request (id),
      kind text NOT NULL CHECK (kind IN ('clarificationRequest', 'clarificationAnswer', 'note')),
      body text NOT NULL,
      author_user_id uuid NOT NULL REFERENCES app_user (id),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX request_message_request ON request_message (request_id, id)`.execute(db);
}

async function createContracts(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE contract (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      request_id uuid NOT NULL UNIQUE REFERENCES service_request (id),
      status text NOT NULL CHECK (status IN ('drafting', 'agreed', 'active', 'suspended', 'terminated')),
      agreed_version integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX contract_organisation ON contract (organisation_id)`.execute(db);
  await sql`
    CREATE TABLE contract_version (
      contract_id uuid NOT NULL REFERENCES contract (id),
      number integer NOT NULL CHECK (number >= 1),
      text text NOT NULL,
      -- sha256 of the text: an approval names the exact text it approves.
      text_hash text NOT NULL CHECK (text_hash ~ '^[0-9a-f]{64}$'),
      author_user_id uuid NOT NULL REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (contract_id, number)
    )`.execute(db);
  await sql`
    CREATE TABLE contract_comment (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      contract_id uuid NOT NULL,
      version_number integer NOT NULL,
      body text NOT NULL,
      author_user_id uuid NOT NULL REFERENCES app_user (id),
      at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (contract_id, version_number) REFERENCES contract_version (contract_id, number)
    )`.execute(db);
  await sql`CREATE INDEX contract_comment_version ON contract_comment (contract_id, version_number, id)`.execute(
    db,
  );
  await sql`
    CREATE TABLE contract_approval (
      contract_id uuid NOT NULL,
      version_number integer NOT NULL,
      side text NOT NULL CHECK (side IN ('organisation', 'pmlp')),
      text_hash text NOT NULL,
      approved_by uuid NOT NULL REFERENCES app_user (id),
      approved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (contract_id, version_number, side),
      FOREIGN KEY (contract_id, version_number) REFERENCES contract_version (contract_id, number)
    )`.execute(db);
  await sql`
    CREATE TABLE contract_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      contract_id uuid NOT NULL REFERENCES contract (id),
      action text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      actor_user_id uuid NOT NULL REFERENCES app_user (id),
      reason text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX contract_event_contract ON contract_event (contract_id, id)`.execute(db);
  await sql`
    CREATE TABLE purpose (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      contract_id uuid NOT NULL REFERENCES contract (id),
      legal_basis text NOT NULL,
      purpose text NOT NULL,
      scopes text[] NOT NULL,
      -- Field paths (scope.field) that narrow a scope; empty means whole scopes.
      fields text[] NOT NULL DEFAULT '{}',
      channels text[] NOT NULL CHECK (channels <@ ARRAY['api', 'pdp'] AND cardinality(channels) > 0),
      environments text[] NOT NULL
        CHECK (environments <@ ARRAY['test', 'production'] AND cardinality(environments) > 0),
      is_monitoring boolean NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      requires_case_reference boolean NOT NULL DEFAULT false,
      requires_end_user boolean NOT NULL DEFAULT false,
      -- Queries under a covert purpose stay out of data-subject reports until the disclosure date.
      is_covert boolean NOT NULL DEFAULT false,
      disclosure_date date,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'withdrawn')),
      created_at timestamptz NOT NULL DEFAULT now(),
      withdrawn_at timestamptz,
      CHECK (valid_to IS NULL OR valid_to >= valid_from),
      CHECK (NOT is_covert OR disclosure_date IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX purpose_organisation ON purpose (organisation_id)`.execute(db);
  await sql`CREATE INDEX purpose_contract ON purpose (contract_id)`.execute(db);
}

async function createConnections(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE connection (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      status text NOT NULL CHECK (status IN ('configured', 'active', 'suspended')),
      -- CIDR blocks; empty means any address.
      ip_allow_list cidr[] NOT NULL DEFAULT '{}',
      rate_limit_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organisation_id, environment)
    )`.execute(db);
  await sql`
    CREATE TABLE connection_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      connection_id uuid NOT NULL REFERENCES connection (id),
      from_status text,
      to_status text NOT NULL,
      reason text,
      actor_user_id uuid REFERENCES app_user (id),
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX connection_event_connection ON connection_event (connection_id, id)`.execute(db);
  await sql`
    CREATE TABLE system_client (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_id text NOT NULL UNIQUE,
      organisation_id uuid NOT NULL REFERENCES organisation (id),
      connection_id uuid NOT NULL REFERENCES connection (id),
      environment text NOT NULL CHECK (environment IN ('test', 'production')),
      name text NOT NULL,
      auth_method text NOT NULL CHECK (auth_method IN ('private_key_jwt', 'client_secret_basic')),
      public_jwk jsonb,
      secret_hash text,
      created_by uuid REFERENCES app_user (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      revoked_by uuid REFERENCES app_user (id),
      CHECK ((auth_method = 'private_key_jwt') = (public_jwk IS NOT NULL)),
      CHECK ((auth_method = 'client_secret_basic') = (secret_hash IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX system_client_connection ON system_client (connection_id)`.execute(db);
  // Assertion ids seen until they expire: a replayed client assertion is refused.
  await sql`
    CREATE TABLE used_assertion (
      client_id text NOT NULL,
      jti text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (client_id, jti)
    )`.execute(db);
  await sql`CREATE INDEX used_assertion_expiry ON used_assertion (expires_at)`.execute(db);
  // The server's token-signing keys; several may verify at once so that rotation needs no downtime.
  await sql`
    CREATE TABLE signing_key (
      kid text PRIMARY KEY,
      private_jwk jsonb NOT NULL,
      public_jwk jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'signing_key',
    'used_assertion',
    'system_client',
    'connection_event',
    'connection',
    'purpose',
    'contract_event',
    'contract_approval',
    'contract_comment',
    'contract_version',
    'contract',
    'request_message',
    'request_event',
    'service_request',
    'calendar_override',
    'account_event',
    'user_session',
    'app_user',
    'organisation',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(table)}`.execute(db);
  }
}
