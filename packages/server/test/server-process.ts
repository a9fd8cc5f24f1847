// A server in a child process of a test, so the test can kill it (-9) mid-load.
// Arguments: the database URL. Prints `listening <port>` once it serves.
import { buildApp } from '../src/app';
import { createDatabase } from '../src/db/database';
import { testConfig } from './app';

const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl) throw new Error('usage: server-process <database url>');
const db = createDatabase({ connectionString: databaseUrl, maxConnections: 10 });
const app = await buildApp({ config: testConfig, db, logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
process.stdout.write(`listening ${address.port}\n`);
