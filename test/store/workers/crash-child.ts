/**
 * Child process for the crash test: records an answer, says so, rates it, says so only after rate() resolved
 * (the acknowledgement a user would see), then idles until the parent kills it with SIGKILL.
 */
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { createAnswer, createContext } from '../factories.js';

const [dbPath, mode] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: crash-child.ts DB_PATH [answer-only|rate]');
const store = openSqliteStore({ path: dbPath });
const answer = createAnswer({ createdAt: new Date().toISOString() });
await store.recordAnswer(answer, createContext());
process.stdout.write(`ANSWERED ${answer.id}\n`);
if (mode !== 'answer-only') {
  const stored = await store.rate({ answerId: answer.id, raterId: 'U_CRASH', value: 'down', reason: 'unsafe', role: 'reviewer' });
  process.stdout.write(`ACK ${JSON.stringify(stored)}\n`);
}
// Keep the connection open (no clean close, no checkpoint) until killed.
setInterval(() => {}, 1000);
