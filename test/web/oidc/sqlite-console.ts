/**
 * Rounds' web adapter wired for OIDC sign-in over the real service and the real SQLite store (the answer
 * pipeline is not exercised: answers are seeded into the store), on a port fixed before start so the redirect
 * URL can be registered with the provider first.
 */
import { join } from 'node:path';
import type { AnswerDeps } from '../../../src/core/answer.js';
import type { ReviewerEvent, StoredRating } from '../../../src/core/ports.js';
import { DefaultRoundsService } from '../../../src/service/rounds-service.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { createAnswer, createContext } from '../../store/factories.js';
import { startWeb, type WebHarness, type WebOptions } from '../harness.js';

export interface SqliteConsole extends WebHarness {
  /** Records an answer to rate and returns its id. */
  seedAnswer(id: string): Promise<string>;
  ratings(answerId: string): Promise<StoredRating[]>;
  events(answerId: string): Promise<ReviewerEvent[]>;
}

export async function startSqliteConsole(port: number, env: Record<string, string>, opts: WebOptions = {}): Promise<SqliteConsole> {
  const h = await startWeb(
    async (config, logger) => {
      const store = openSqliteStore({ path: join(config.dataDir, 'rounds.db'), logger });
      // The console never asks: answerDeps stays unused.
      const service = new DefaultRoundsService({
        answerDeps: {} as AnswerDeps,
        store,
        file: config.file,
        logger,
        indexHealth: async () => ({ location: 'none', chunks: 0 }),
      });
      return { service, close: () => store.close() };
    },
    { REVIEW_SECRET: '', ...env },
    { ...opts, port },
  );
  return {
    ...h,
    seedAnswer: async (id) => {
      await h.service.store.recordAnswer(createAnswer({ id }), createContext());
      return id;
    },
    ratings: async (answerId) => (await h.service.store.getAnswer(answerId))?.ratings ?? [],
    events: (answerId) => h.service.store.listReviewerEvents([answerId]),
  };
}
