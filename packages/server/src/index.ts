/** What the command line and the benchmarks use of the server. */
export { buildApp } from './app';
export { type Config, ConfigError, readConfig } from './config';
export { createDatabase, type Db } from './db/database';
export { migrateToLatest } from './db/migrations';
export { isProblemError } from './http/problem';
export {
  type AuditChainReport,
  describeAuditChainReport,
  verifyAuditChain,
} from './modules/audit/audit-verifier';
export { totpCodeAt } from './modules/identity/totp';
export { createFirstAdministrator } from './modules/identity/users.service';
export { describeInvoiceRun, runMonthlyInvoicing } from './modules/invoices/invoice-run.service';
export { startFeedSequencer } from './modules/register/feed-sequencer';
export { recordLifeEvent } from './modules/register/register.service';
export { seedRegister } from './modules/register/seed';
export { simulateLifeEvents } from './modules/register/simulation';
export { openDatabase } from './runtime/database-runtime';
export { secretBoxOf } from './runtime/secrets-key';
export { type RunningSystem, startSystem } from './runtime/system';
