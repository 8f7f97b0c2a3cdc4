/**
 * End to end over the real runtime (embedded Chroma with the demo knowledge pack ingested, SQLite store):
 * a Teams channel @mention → cited answer with the AI entity at the fake connector → feedback-loop 👎 from a
 * configured reviewer → stored against that answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServerHandle, startHttpServer } from '../../adapters/http/server.js';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import { createLogger } from '../../src/logger.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/fake-openai.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { CHANNEL, channelMention, feedbackInvoke, personalMessage, TENANT } from './activities.js';
import { type FakeConnector, startFakeConnector } from './fake-connector.js';

let rt: TestRuntime;
let server: HttpServerHandle;
let connector: FakeConnector;
let llm: FakeOpenAi;

async function post(activity: unknown): Promise<number> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  return res.status;
}

beforeAll(async () => {
  llm = await startFakeOpenAi();
  rt = await createTestRuntime({
    env: { HOST: '127.0.0.1', OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'sk-local-test', LLM_MODEL: 'fake-model' },
    file: { reviewers: { teams: { [TENANT]: ['aad-reviewer'] } } },
  });
  const logger = createLogger({ level: 'silent' });
  const adapter = createTeamsAdapter({ service: rt.service, config: rt.config, logger });
  connector = await startFakeConnector();
  server = await startHttpServer({ routes: adapter.routes, port: 0, host: '127.0.0.1', logger });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await connector?.close();
  await rt?.cleanup();
  await llm?.close();
});

describe('Teams over the real runtime', () => {
  it('answers a channel @mention from the knowledge base with citations that arrive on the wire, and stores a reviewer 👎', async () => {
    const question = channelMention(connector.url, 'What is in the sepsis hour-1 bundle?');
    expect(await post(question)).toBe(200);
    const [reply] = await connector.waitForMessages(1, 60_000);
    expect(reply?.conversationId).toBe(`${CHANNEL};messageid=${question.id}`);
    const body = reply!.body;
    const entity = body.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    expect(entity.citation.length).toBeGreaterThan(0);
    for (const claim of entity.citation) {
      expect(body.text).toContain(`[${claim.position}]`);
      expect(claim.appearance.name.length).toBeLessThanOrEqual(80);
      expect(claim.appearance.abstract.length).toBeLessThanOrEqual(160);
    }
    expect(
      entity.citation
        .map((c: { appearance: { name: string } }) => c.appearance.name)
        .join(' ')
        .toLowerCase(),
    ).toContain('sepsis');
    expect(body.text).toMatch(/confidence/i);
    expect(body.channelData.feedbackLoopEnabled).toBe(true);

    const record = await rt.store.findAnswerByReplyId('teams', reply!.id);
    expect(record?.answer.status).toBe('answered');
    expect(record?.context).toMatchObject({ platform: 'teams', channelId: CHANNEL, workspaceId: TENANT, threadId: question.id });
    expect(record?.answer.channelProfile).toBe('general');

    const invoke = feedbackInvoke(connector.url, reply!.id, 'dislike', 'Lactate threshold missing');
    invoke.from = { id: '29:reviewer', name: 'Reviewer', aadObjectId: 'aad-reviewer' };
    expect(await post(invoke)).toBe(200);
    const rated = await rt.store.getAnswer(record!.answer.id);
    expect(rated?.ratings).toMatchObject([
      { raterId: 'aad-reviewer', role: 'reviewer', value: 'down', comment: 'Lactate threshold missing' },
    ]);
  });

  it('abstains on a question the knowledge base cannot answer, without citation claims', async () => {
    const n = connector.messages().length;
    expect(await post(channelMention(connector.url, 'What is the best treatment for a fractured femur in a horse?'))).toBe(200);
    const reply = (await connector.waitForMessages(n + 1, 60_000)).at(-1)!;
    const record = await rt.store.findAnswerByReplyId('teams', reply.id);
    expect(record?.answer.status).not.toBe('answered');
    expect(reply.body.entities?.[0]?.citation).toBeUndefined();
  });

  it('streams an LLM answer in a 1:1 chat: informative update, the verified text, the final message with citations', async () => {
    const n = connector.activities.length;
    expect(await post(personalMessage(connector.url, 'What is in the sepsis hour-1 bundle?'))).toBe(200);
    // The turn (and so the whole stream) is finished when the HTTP request returns.
    const wire = connector.activities.slice(n);
    const kinds = wire.map((a) => a.body.entities?.find((e: { type: string }) => e.type === 'streaminfo')?.streamType);
    expect(kinds).toEqual(['informative', 'informative', 'streaming', 'final']);
    const final = wire.at(-1)!;
    const record = await rt.store.findAnswerByReplyId('teams', wire[0]!.id);
    expect(record?.answer).toMatchObject({ status: 'answered', composer: 'llm' });
    expect(wire[2]!.body.text).toBe(record!.answer.text);
    const entity = final.body.entities.find((e: { type: string }) => e.type === 'https://schema.org/Message');
    expect(entity.citation.length).toBeGreaterThan(0);
    expect(final.body.channelData).toMatchObject({ feedbackLoopEnabled: true, streamType: 'final', streamId: wire[0]!.id });
  });
});
