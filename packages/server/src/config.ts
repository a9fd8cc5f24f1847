import { isIP } from 'node:net';

/**
 * The only module that reads the environment: `readConfig(process.env)` at start-up, every problem
 * listed at once, the result frozen. Messages name the variable and the rule but never the value,
 * because some values (DATABASE_URL) carry secrets.
 */

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof logLevels)[number];

export const nodeEnvironments = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof nodeEnvironments)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** External PostgreSQL; when absent the embedded one is started in `dataDir`. */
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  logLevel: LogLevel;
  seedPersons: number;
  /** Absolute base URL clients reach the server at, without a trailing slash. */
  publicBaseUrl: string;
  nodeEnv: NodeEnvironment;
  /** 32 bytes sealing the secrets the server reads back (TOTP seeds); kept outside the database. */
  secretsKey: Buffer | undefined;
  /** Log-in attempts one client address may make per minute, whatever the account. */
  loginAttemptsPerIpPerMinute: number;
  /** Token requests one client address may make per minute, whatever the client. */
  tokenRequestsPerIpPerMinute: number;
  /**
   * Reverse proxies whose `X-Forwarded-For` names the client (addresses or CIDR ranges); empty: the
   * connecting address is the client's. Rate limits by address and IP allow-lists read it.
   */
  trustProxy: readonly string[];
}

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects problems instead of throwing at the first, so one start-up shows them all. */
class Reader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** An empty variable counts as unset, as in most `.env` conventions. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(parsed) && parsed >= min && parsed <= max) return parsed;
    this.problems.push(`${name} must be an integer from ${min} to ${max}`);
    return fallback;
  }

  /** A key in base64 (or base64url) of exactly `bytes` bytes. */
  key(name: string, bytes: number): Buffer | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const decoded = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
    if (decoded.length === bytes) return decoded;
    this.problems.push(`${name} must be ${bytes} bytes in base64`);
    return undefined;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = allowed.find((candidate) => candidate === value);
    if (match !== undefined) return match;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}`);
    return fallback;
  }

  /** Comma-separated IP addresses or CIDR ranges (`10.0.0.0/8`, `::1`). */
  addresses(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const items = value.split(',').map((item) => item.trim());
    if (items.every(isAddressOrRange)) return items;
    this.problems.push(`${name} must list IP addresses or CIDR ranges, separated by commas`);
    return [];
  }

  url(name: string, protocols: readonly string[], fallback?: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = URL.canParse(value) ? new URL(value) : undefined;
    if (parsed && protocols.includes(parsed.protocol) && parsed.hostname !== '') return value;
    const schemes = protocols.map((protocol) => `${protocol}//`).join(' or ');
    this.problems.push(`${name} must be a ${schemes} URL with a host`);
    return fallback;
  }
}

function isAddressOrRange(item: string): boolean {
  const [address = '', bits, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const width = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
  return width >= 0 && width <= (family === 4 ? 32 : 128);
}

/** Reads and validates the configuration; throws `ConfigError` listing every problem. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const reader = new Reader(env);
  const port = reader.integer('PORT', 8080, 1, 65_535);
  const publicBaseUrl = reader.url('PUBLIC_BASE_URL', ['http:', 'https:'], `http://localhost:${port}`);
  const config: Config = {
    port,
    host: reader.raw('HOST') ?? '127.0.0.1',
    dataDir: reader.raw('DATA_DIR') ?? './.fpr',
    databaseUrl: reader.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    embeddedPgPort: reader.integer('EMBEDDED_PG_PORT', 54_329, 1, 65_535),
    logLevel: reader.oneOf('LOG_LEVEL', logLevels, 'info'),
    seedPersons: reader.integer('SEED_PERSONS', 20_000, 0, 5_000_000),
    publicBaseUrl: (publicBaseUrl ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    nodeEnv: reader.oneOf('NODE_ENV', nodeEnvironments, 'development'),
    secretsKey: reader.key('SECRETS_KEY', 32),
    // Generous for an office behind one address, far below what guessing passwords needs; the
    // per-account lock-out after five failures stays the first line.
    loginAttemptsPerIpPerMinute: reader.integer('LOGIN_ATTEMPTS_PER_IP_PER_MINUTE', 30, 1, 100_000),
    // A token lives five minutes, so even a gateway for many system clients needs few.
    tokenRequestsPerIpPerMinute: reader.integer('TOKEN_REQUESTS_PER_IP_PER_MINUTE', 300, 1, 100_000),
    trustProxy: reader.addresses('TRUST_PROXY'),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return Object.freeze(config);
}
