import { resolve } from 'node:path';
import { type Environment, environments } from '@fpr/contract';
import {
  type Config,
  ConfigError,
  createFirstAdministrator,
  describeAuditChainReport,
  describeInvoiceRun,
  isProblemError,
  openDatabase,
  readConfig,
  runMonthlyInvoicing,
  secretBoxOf,
  seedRegister,
  startSystem,
  totpCodeAt,
  verifyAuditChain,
} from '@fpr/server';
import { ensureWebBuild } from '@fpr/web/build';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createProgress, type Progress } from './progress';
import { runSimulation } from './simulate';

const program = new Command('fpr').description('FPR Online — operator commands');

program
  .command('start')
  .description('start the database (embedded unless DATABASE_URL), migrate, seed when empty and serve')
  .action(async () => {
    const config = loadConfig();
    const bars = new Map<Environment, Progress>();
    const webRoot = await ensureWebBuild((line) => console.log(line));
    const system = await startSystem(config, {
      log: (line) => console.log(line),
      webApp: { root: webRoot },
      onSeedProgress: (environment, done, total) => {
        const bar = bars.get(environment) ?? createProgress(`seed ${environment}`);
        bars.set(environment, bar);
        bar.update(done, total);
        if (done >= total) bar.stop();
      },
    });
    console.log('\nFPR Online is running:');
    for (const [label, where] of system.summary) console.log(`  ${label.padEnd(18)} ${where}`);
    console.log('\nCtrl-C stops the server and the database.');
    stopOnSignal(system.stop);
  });

program
  .command('migrate')
  .description('apply the database migrations and exit')
  .action(async () => {
    const database = await openDatabase(loadConfig(), (line) => console.log(line));
    await database.close();
    console.log('database is at the latest migration');
  });

program
  .command('seed')
  .description('generate a synthetic register into an empty environment')
  .addOption(environmentOption())
  .option('--persons <n>', 'number of persons', positiveInteger, 20_000)
  .option('--seed <s>', 'random seed (the same seed gives the same population)', positiveInteger, 1)
  .action(async (options: { env: Environment; persons: number; seed: number }) => {
    const database = await openDatabase(loadConfig(), (line) => console.log(line));
    const progress = createProgress(`seed ${options.env}`);
    try {
      const outcome = await seedRegister(database.db, {
        connectionString: database.connectionString,
        environment: options.env,
        persons: options.persons,
        seed: options.seed,
        onProgress: (done) => progress.update(done, options.persons),
      });
      progress.stop();
      console.log(
        `seeded ${outcome.persons} persons in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.personsPerSecond)}/s)`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command('simulate')
  .description('record a realistic stream of life events through the register service')
  .addOption(environmentOption())
  .option('--events <n>', 'number of life events', positiveInteger, 1_000)
  .option('--seed <s>', 'random seed', positiveInteger, 1)
  .option('--concurrency <c>', 'concurrent writers', positiveInteger, 8)
  .action(async (options: { env: Environment; events: number; seed: number; concurrency: number }) => {
    await runSimulation(loadConfig(), options);
  });

program
  .command('create-admin')
  .description(
    'create a PMLP administrator (the first one of an installation) and print its credentials once',
  )
  .requiredOption(
    '--username <name>',
    'log-in name: 3–64 lower-case letters, digits, dot, hyphen or underscore',
  )
  .requiredOption('--name <display name>', 'the person’s name')
  .action(async (options: { username: string; name: string }) => {
    const config = loadConfig();
    const database = await openDatabase(config, (line) => console.log(line));
    try {
      const issued = await createFirstAdministrator(
        {
          db: database.db,
          now: () => new Date(),
          secretBox: await secretBoxOf(config, resolve(config.dataDir)),
        },
        { username: options.username, displayName: options.name },
      );
      console.log(`administrator ${issued.user.username} created; shown once:`);
      console.log(`  password     ${issued.initialPassword ?? ''}`);
      console.log(`  TOTP secret  ${issued.totp?.secret ?? ''}`);
      console.log(`  TOTP URI     ${issued.totp?.otpauthUri ?? ''}`);
    } finally {
      await database.close();
    }
  });

program
  .command('totp')
  .description('print the current TOTP code of a secret (for the demo log-ins)')
  .argument('<secret>', 'the base32 TOTP secret')
  .action((secret: string) => {
    console.log(totpCodeAt(secret, new Date()));
  });

const audit = program.command('audit').description('the access log');

audit
  .command('verify')
  .description('walk the audit hash chain and name every broken link; exits 1 when the chain is broken')
  .option('--json', 'print the report as JSON')
  .action(async (options: { json?: boolean }) => {
    // Progress goes to stderr, so --json prints one parsable document.
    const database = await openDatabase(loadConfig(), (line) => console.error(line));
    let isIntact = false;
    try {
      const report = await verifyAuditChain(database.db);
      const lines = options.json ? [JSON.stringify(report, null, 2)] : describeAuditChainReport(report);
      for (const line of lines) console.log(line);
      isIntact = report.ok;
    } finally {
      await database.close();
    }
    // An explicit exit: the embedded PostgreSQL package's exit hook would otherwise end with 0.
    process.exit(isIntact ? 0 : 1);
  });

program
  .command('invoice')
  .description(
    'issue the monthly invoices of a month that has ended (idempotent: a second run issues nothing)',
  )
  .requiredOption('--month <YYYY-MM>', 'the month to invoice')
  .action(async (options: { month: string }) => {
    const database = await openDatabase(loadConfig(), (line) => console.error(line));
    let code = 0;
    try {
      const result = await runMonthlyInvoicing(
        { db: database.db, now: () => new Date() },
        options.month,
        null,
      );
      for (const line of describeInvoiceRun(result)) console.log(line);
    } catch (error) {
      if (!isProblemError(error)) throw error;
      for (const param of error.details.invalidParams ?? [])
        console.error(`--${param.name}: ${param.reason}`);
      code = 2;
    } finally {
      await database.close();
    }
    process.exit(code);
  });

function environmentOption(): Option {
  return new Option('--env <environment>', 'test or production')
    .choices([...environments])
    .makeOptionMandatory();
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('must be a positive whole number');
  return parsed;
}

/** Configuration errors are listed all at once and end the process with a non-zero code. */
function loadConfig(): Config {
  try {
    return readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

function stopOnSignal(stop: () => Promise<void>): void {
  let isStopping = false;
  const onSignal = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`\n${signal}: stopping the server and the database…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
