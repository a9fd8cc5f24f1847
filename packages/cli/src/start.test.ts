import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithSession } from '../../server/test/access-fixtures';
import { closedPort } from '../../server/test/app';
import { createPerson } from '../../server/test/audit-fixtures';
import { createTestDatabase, type TestDatabase } from '../../server/test/database';
import { cliBundle } from '../build/server-build.js';

const fpr = fileURLToPath(new URL('../bin/fpr.js', import.meta.url));

let testDb: TestDatabase;
let dataDir: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'fpr-start-'));
});
afterAll(async () => {
  await testDb.drop();
  await rm(dataDir, { recursive: true, force: true });
});

interface StartedCli {
  child: ChildProcess;
  baseUrl: string;
}

/** `fpr start` as an operator runs it, on the test database without the demo; resolves once it serves. */
async function start(): Promise<StartedCli> {
  const port = await closedPort();
  const child = spawn(process.execPath, [fpr, 'start'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: testDb.url,
      DATA_DIR: dataDir,
      PORT: String(port),
      SEED_PERSONS: '0',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const running = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('FPR Online is running')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`fpr start exited with ${code}:\n${output}`)));
  });
  await running;
  return { child, baseUrl: `http://127.0.0.1:${port}` };
}

async function stop(cli: StartedCli): Promise<void> {
  const exited = once(cli.child, 'exit');
  cli.child.kill('SIGTERM');
  await exited;
}

describe('fpr start', () => {
  it('runs the bundled JavaScript: ready, the web app, the API docs and a PDF with its font files', async () => {
    const record = JSON.parse(await readFile(`${cliBundle}.inputs.json`, 'utf8')) as {
      inputs: Record<string, string>;
    };
    expect(Object.keys(record.inputs)).toEqual(
      expect.arrayContaining(['packages/cli/src/main.ts', 'packages/server/src/app.ts']),
    );
    const cli = await start();
    try {
      const ready = await fetch(`${cli.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', database: 'ok' });

      // Files found by path at run time: the web app's build, Swagger UI's assets, the PDF fonts.
      const index = await fetch(`${cli.baseUrl}/`);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('<div id="root">');
      const docs = await fetch(`${cli.baseUrl}/api/docs/static/swagger-ui.css`);
      expect(docs.status).toBe(200);
      const person = await createPerson(testDb.db);
      const reviewer = await userWithSession(testDb.db, { role: 'reviewer' });
      const pdf = await fetch(`${cli.baseUrl}/api/v1/admin/audit/subject-report.pdf`, {
        method: 'POST',
        headers: reviewer.session.headers({ accept: 'application/pdf' }),
        body: JSON.stringify({ personalCode: person.personalCode }),
      });
      expect(pdf.status).toBe(200);
      expect(Buffer.from(await pdf.arrayBuffer()).toString('latin1')).toMatch(
        /\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/,
      );
    } finally {
      await stop(cli);
    }
  }, 120_000);
});
