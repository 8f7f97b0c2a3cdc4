/** `rounds start` logs the audit chain's head at start and then on a timer (daily in production). */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logAuditHeadDaily } from '../../src/store/anchor-log.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { captureLogger } from '../helpers/capture-logger.js';
import { createAnswer, createContext, tempDir } from './factories.js';

const tmp = tempDir();
afterEach(() => tmp.cleanup());

describe('the daily anchor log line', () => {
  it('logs the head at start and again on every tick, as an anchor verify accepts', async () => {
    const store = openSqliteStore({ path: join(tmp.dir, 'rounds.db') });
    const { logger, logs } = captureLogger('info');
    const stop = logAuditHeadDaily(store, logger, 50);
    try {
      await expect.poll(() => logs.filter((l) => l.includes('audit chain head')).length).toBe(1);
      await store.recordAnswer(createAnswer({ id: 'ans-1' }), createContext());
      await expect.poll(() => logs.some((l) => l.includes('"seq":2')), { timeout: 5000 }).toBe(true);
      const line = JSON.parse(logs.find((l) => l.includes('"seq":2')) as string) as { audit: { seq: number; hash: string } };
      expect(line.audit.hash).toBe((await store.auditHead())?.hash);
      expect((await store.verifyAudit([{ seq: line.audit.seq, hash: line.audit.hash }])).ok).toBe(true);
    } finally {
      stop();
      await store.close();
    }
  });

  it('says so, without failing, when the store cannot be read', async () => {
    const { logger, logs } = captureLogger('info');
    const stop = logAuditHeadDaily(
      { auditHead: () => Promise.reject(Object.assign(new Error('down'), { code: 'ECONNREFUSED' })) },
      logger,
      1000,
    );
    stop();
    await expect.poll(() => logs.some((l) => l.includes('audit chain head could not be read') && l.includes('ECONNREFUSED'))).toBe(true);
  });
});
