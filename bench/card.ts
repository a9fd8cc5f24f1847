import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { createDatabase, type Db } from '../packages/server/src/db/database';
import { totpCodeAt } from '../packages/server/src/modules/identity/totp';
import { createOrganisation, createUser, type TestUser } from '../packages/server/test/access-fixtures';
import { createQueryPurpose } from '../packages/server/test/persons-fixtures';
import { registerContext, registerPerson } from '../packages/server/test/register-fixtures';
import { ensureWebBuild } from '../packages/web/build/web-build';
import { launchBrowser, newPage, startWebServer } from '../packages/web/test/browser-fixtures';
import { openBenchDatabase, printTable } from './harness';

export interface CardBenchmarkOptions {
  /** Person-card lookups measured. */
  lookups: number;
  json: boolean;
  /** An empty, migrated database to use instead of a fresh embedded one (the bench test's). */
  connectionString?: string;
}

export interface CardBenchmarkResult {
  lookups: number;
  /** From the API answer's body in hand to the card painted. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** From the same moment to the card in the document (React's commit), before painting. */
  commitP50Ms: number;
  loadAverage: number;
}

/** The measures the app records (`packages/web/src/features/pdp/person-card-page.tsx`). */
const paintedMeasure = 'pdp:person-card-painted';
const commitMeasure = 'pdp:person-card';
/** Persons looked up in turn: each lookup is a new card. */
const personPool = 10;

/**
 * `npm run bench -- card`: the built web app served as the browser tests serve it, a PDP user in
 * headless Chromium, N lookups by personal code; the app's own Performance API measures give, for
 * each, the time from the query's answer (body parsed) to the card painted. Not a test: issue 7's
 * 200 ms is judged from these figures.
 */
export async function runCardBenchmark(options: CardBenchmarkOptions): Promise<CardBenchmarkResult> {
  await ensureWebBuild((line) => console.error(line));
  const database = options.connectionString
    ? externalDatabase(options.connectionString)
    : await openBenchDatabase();
  try {
    const { user, codes } = await setUp(database.db);
    const server = await startWebServer(database.db);
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, server.baseUrl);
      await logIn(page, user);
      const times = await measureLookups(page, codes, options.lookups);
      const result = summarise(times);
      report(result, options.json);
      return result;
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await database.close();
  }
}

function externalDatabase(connectionString: string) {
  const db = createDatabase({ connectionString, maxConnections: 4 });
  return { db, close: () => db.destroy() };
}

/** A test-environment PDP user (nothing charged, so no confirmation step) and persons to find. */
async function setUp(db: Db): Promise<{ user: TestUser; codes: string[] }> {
  const organisation = await createOrganisation(db, { name: 'SIA Kartītes Mērījums' });
  await createQueryPurpose(db, organisation.id, {
    scopes: ['identity', 'documents', 'civilStatus'],
    fields: ['residence.declaredAddress'],
    channels: ['pdp'],
    environments: ['test'],
  });
  const user = await createUser(db, {
    role: 'pdpUser',
    organisationId: organisation.id,
    environment: 'test',
  });
  const register = registerContext(db);
  const codes: string[] = [];
  for (let i = 0; i < personPool; i += 1)
    codes.push(await registerPerson(register, { surname: `Mērījuma${i}` }));
  return { user, codes };
}

async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Lietotājvārds').fill(user.username);
  await page.getByLabel('Parole').fill(user.password);
  await page.getByLabel('Autentifikatora kods').fill(totpCodeAt(user.totpSecret, new Date()));
  await page.getByLabel('Autentifikatora kods').press('Enter');
  await page.waitForURL('**/pdp');
}

/** Looks persons up one after another, back to the search after each card; returns [painted, commit] ms. */
async function measureLookups(
  page: Page,
  codes: string[],
  lookups: number,
): Promise<Array<[number, number]>> {
  for (let i = 0; i < lookups; i += 1) {
    const code = codes[i % codes.length] ?? '';
    await page.getByLabel('Personas kods').fill(code);
    await page.getByLabel('Personas kods').press('Enter');
    await page.waitForFunction(
      ([name, count]) => performance.getEntriesByName(name, 'measure').length >= count,
      [paintedMeasure, i + 1] as const,
    );
    await page.getByRole('link', { name: 'Atpakaļ uz meklēšanu' }).click();
  }
  return page.evaluate(
    ([painted, commit]) => {
      const commits = performance.getEntriesByName(commit, 'measure');
      return performance
        .getEntriesByName(painted, 'measure')
        .map((entry, index): [number, number] => [entry.duration, commits[index]?.duration ?? Number.NaN]);
    },
    [paintedMeasure, commitMeasure] as const,
  );
}

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function summarise(times: Array<[number, number]>): CardBenchmarkResult {
  const painted = times.map(([ms]) => ms).sort((a, b) => a - b);
  const commits = times.map(([, ms]) => ms).sort((a, b) => a - b);
  return {
    lookups: times.length,
    p50Ms: round(percentile(painted, 0.5)),
    p95Ms: round(percentile(painted, 0.95)),
    maxMs: round(painted.at(-1) ?? Number.NaN),
    commitP50Ms: round(percentile(commits, 0.5)),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

function report(result: CardBenchmarkResult, json: boolean): void {
  printTable('person card: API answer → card painted (headless Chromium)', [
    ['lookups', result.lookups],
    ['p50 ms', result.p50Ms],
    ['p95 ms', result.p95Ms],
    ['max ms', result.maxMs],
    ['commit p50 ms (before paint)', result.commitP50Ms],
    ['target ms', 200],
    ['load average (1 min)', result.loadAverage],
  ]);
  if (json) console.log(JSON.stringify({ benchmark: 'card', ...result }));
}
