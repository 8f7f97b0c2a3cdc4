/**
 * One simulated rater in its own thread with its own SQLite connection, as a separate bot instance would have.
 * All raters wait on a shared barrier so their writes really overlap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';

interface RaterJob {
  dbPath: string;
  raterId: string;
  answerIds: string[];
  barrier: SharedArrayBuffer;
}

const job = workerData as RaterJob;
const gate = new Int32Array(job.barrier);
Atomics.add(gate, 1, 1);
Atomics.wait(gate, 0, 0);

const store = openSqliteStore({ path: job.dbPath, busyTimeoutMs: 60_000 });
const finals: Record<string, string> = {};
let writes = 0;
for (const [i, answerId] of job.answerIds.entries()) {
  await store.rate({ answerId, raterId: job.raterId, value: 'up', role: i % 2 ? 'reviewer' : 'other' });
  // A double click: must be idempotent.
  await store.rate({ answerId, raterId: job.raterId, value: 'up', role: i % 2 ? 'reviewer' : 'other' });
  writes += 2;
  finals[answerId] = 'up';
  if ((i + job.raterId.length) % 3 === 0) {
    await store.rate({ answerId, raterId: job.raterId, value: 'down', reason: 'missing_information', role: i % 2 ? 'reviewer' : 'other' });
    writes += 1;
    finals[answerId] = 'down';
  }
}
await store.close();
parentPort?.postMessage({ raterId: job.raterId, finals, writes });
