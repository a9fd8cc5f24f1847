/**
 * Builds the HTTP application. Every module is registered explicitly below, so a grep finds it.
 *
 * Route convention: each module exports
 *   `registerXRoutes(app: FastifyTypebox, ctx: AppContext): void`
 * from `modules/<noun>/<noun>.routes.ts`, declares its schemas from `@fpr/contract` (they validate,
 * serialise and document at once), calls its service functions and throws `problem(code)` for
 * refusals; the error handler alone turns errors into HTTP answers.
 */
import { randomBytes } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import { fastifySwagger } from '@fastify/swagger';
import { fastifySwaggerUi } from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  fastify,
  LogController,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Logger, LoggerOptions } from 'pino';
import type { Config } from './config';
import type { Db } from './db/database';
import { buildValidatorFactory } from './http/ajv';
import { registerContentNegotiation } from './http/content-negotiation';
import { handleFrameworkError, registerErrorHandling } from './http/error-handler';
import { generateRequestId, registerRequestIdHeader } from './http/request-id';
import { registerRequestLog } from './http/request-log';
import { createRouteIndex } from './http/route-index';
import { registerSecurityHeaders } from './http/security-headers';
import { registerWebApp, type WebApp } from './http/web-app';
import { registerAuditRoutes } from './modules/audit/audit.routes';
import { registerSubjectPortalRoutes } from './modules/audit/subject-portal.routes';
import { registerBillingRoutes } from './modules/billing/billing.routes';
import { registerCalendarRoutes } from './modules/calendar/calendar.routes';
import { registerClientRoutes } from './modules/connections/clients.routes';
import { registerConnectionRoutes } from './modules/connections/connections.routes';
import { registerContractRoutes } from './modules/contracts/contracts.routes';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes';
import { registerHealthRoutes } from './modules/health/health.routes';
import { registerAuthRoutes } from './modules/identity/auth.routes';
import { createSecretBox, type SecretBox } from './modules/identity/secret-box';
import { registerUserRoutes } from './modules/identity/users.routes';
import { registerInvoiceRoutes } from './modules/invoices/invoices.routes';
import { registerMeRoutes } from './modules/me/me.routes';
import { registerMonitoringRoutes } from './modules/monitoring/monitoring.routes';
import { registerOrganisationRoutes } from './modules/organisations/organisations.routes';
import { registerPersonsRoutes } from './modules/persons/persons.routes';
import { sealAllCommitted } from './modules/register/feed-sequencer';
import { createLifeEventQueue, type LifeEventQueue } from './modules/register/life-event-queue';
import { registerRegisterRoutes } from './modules/register/register.routes';
import { registerRequestRoutes } from './modules/requests/requests.routes';
import { registerTestEventRoutes } from './modules/test-events/test-events.routes';
import { setUpAccessControl } from './modules/tokens/access-setup';
import type { AccessState } from './modules/tokens/access-state';
import { registerTokenRoutes } from './modules/tokens/token.routes';
import { registerWebhookRoutes } from './modules/webhooks/webhooks.routes';
import { createLoggerOptions } from './observability/logger';
import {
  createMetrics,
  type Metrics,
  registerMetricsRoutes,
  registerRequestMetrics,
} from './observability/metrics';

/** The Fastify instance every module receives: route schemas type the handlers. */
export type FastifyTypebox = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What route modules may use: configuration and the database (a transaction is also a `Db`). */
export interface AppContext {
  config: Config;
  db: Db;
  /** The register's clock: the real one in production, a fixed one in tests. */
  now: () => Date;
  /** Seals the secrets stored for reading back (TOTP seeds) with the configured key. */
  secretBox: SecretBox;
  /** Called after a register write commits, so the change feed is sealed at once. */
  onRegisterCommitted?: () => void;
  /** Seals every committed change event now (through the feed sealer when one runs here). */
  flushFeed: () => Promise<void>;
  /** Commits concurrent life events together (registrar API and test events share it). */
  lifeEvents: LifeEventQueue;
  /** Revoked clients, connections and signing keys, kept current through LISTEN/NOTIFY. */
  accessState: AccessState;
  /** This app's Prometheus metrics, for the modules that count their own. */
  metrics: Metrics;
}

export interface AppDependencies {
  config: Config;
  db: Db;
  /** Pino options, a ready logger (tests capture output through one), or `false` for silence. */
  logger?: LoggerOptions | Logger | false;
  now?: () => Date;
  onRegisterCommitted?: () => void;
  /** The feed sealer's flush; without one, a flush seals in the calling request. */
  flushFeed?: () => Promise<void>;
  /** The access-state copy; when absent the app makes its own and closes it with itself. */
  accessState?: AccessState;
  /** The built web app to serve on the same port; absent, the server answers the API only. */
  webApp?: WebApp;
  /** Extra routes registered after the modules, inside the same error handling (tests use it). */
  routes?: (app: FastifyTypebox, ctx: AppContext) => void;
}

/** Requests larger than this are refused with 413 before any parsing. */
export const bodyLimitBytes = 1024 * 1024;

export const apiVersion = '1.0.0';

export async function buildApp(deps: AppDependencies): Promise<FastifyTypebox> {
  const app = fastify({
    ...loggerOption(deps),
    genReqId: generateRequestId,
    requestIdHeader: false,
    // registerRequestLog writes one line per request instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: bodyLimitBytes,
    // Only the proxies named in TRUST_PROXY may say who the client is; otherwise the peer is.
    trustProxy: deps.config.trustProxy.length > 0 ? [...deps.config.trustProxy] : false,
    frameworkErrors: handleFrameworkError,
    schemaController: { compilersFactory: { buildValidator: buildValidatorFactory() } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const accessState = await setUpAccessControl(app, deps);
  const metrics = createMetrics();
  const ctx: AppContext = Object.freeze({
    config: deps.config,
    db: deps.db,
    now: deps.now ?? (() => new Date()),
    onRegisterCommitted: deps.onRegisterCommitted,
    flushFeed: deps.flushFeed ?? (async () => void (await sealAllCommitted(deps.db))),
    lifeEvents: createLifeEventQueue(deps.db, {
      onTurn: (events) => metrics.lifeEventsPerTurn.observe(events),
    }),
    accessState,
    // Without a configured key (tests, benchmarks) a key for this process only: nothing sealed
    // under it outlives the process, so a server that keeps accounts must be given SECRETS_KEY.
    secretBox: createSecretBox(deps.config.secretsKey ?? randomBytes(32)),
    metrics,
  });

  // Hooks and handlers first: they apply only to routes and plugins registered after them.
  registerErrorHandling(app, createRouteIndex(app), deps.webApp);
  registerRequestIdHeader(app);
  registerRequestLog(app);
  registerContentNegotiation(app);
  registerRequestMetrics(app, metrics);
  // JSON only: Fastify's built-in text/plain parser would accept bodies the API cannot read.
  app.removeContentTypeParser('text/plain');
  await registerSecurityHeaders(app, deps.config);
  await registerOpenApi(app, deps.config);
  await app.register(fastifyCookie);

  registerHealthRoutes(app, ctx);
  registerMetricsRoutes(app, metrics);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerOrganisationRoutes(app, ctx);
  registerContractRoutes(app, ctx);
  registerCalendarRoutes(app, ctx);
  registerDashboardRoutes(app, ctx);
  registerRequestRoutes(app, ctx);
  registerRegisterRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerSubjectPortalRoutes(app, ctx);
  registerBillingRoutes(app, ctx);
  registerInvoiceRoutes(app, ctx);
  registerConnectionRoutes(app, ctx);
  registerClientRoutes(app, ctx);
  registerTokenRoutes(app, ctx);
  registerMeRoutes(app, ctx);
  registerPersonsRoutes(app, ctx);
  registerMonitoringRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
  registerTestEventRoutes(app, ctx);
  deps.routes?.(app, ctx);
  if (deps.webApp) await registerWebApp(app, deps.webApp);
  return app;
}

function loggerOption(deps: AppDependencies): Pick<FastifyServerOptions, 'logger' | 'loggerInstance'> {
  const { logger } = deps;
  if (logger === undefined) return { logger: createLoggerOptions(deps.config.logLevel) };
  if (logger === false) return { logger: false };
  return isLoggerInstance(logger) ? { loggerInstance: logger } : { logger };
}

function isLoggerInstance(logger: LoggerOptions | Logger): logger is Logger {
  return typeof Reflect.get(logger, 'child') === 'function';
}

/** The document is generated from the route schemas; `docs/openapi.json` is its committed copy. */
async function registerOpenApi(app: FastifyTypebox, config: Config): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'FPR Online API',
        version: apiVersion,
        description:
          "The online data service of Latvia's Natural Persons Register (Fizisko personu reģistrs).",
      },
      servers: [{ url: config.publicBaseUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'fpr_session' },
        },
      },
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    // The UI's own policy (its inline initialiser allowed by hash) replaces the app's on its routes
    // only: never framed, no upgrade to https on a plain-HTTP host, and inline styles allowed, because
    // the UI's bundle injects a style element at run time. The page holds no personal data.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace(/\s*upgrade-insecure-requests;/, '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';"),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
