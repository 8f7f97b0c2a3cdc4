/**
 * Chroma really going away: a Chroma server is started, Rounds connects to it as a remote (CHROMA_URL, so it
 * does not restart it), answers once, then the server is stopped. The next question gets the short apology
 * with a reference id in the thread, and the same reference is logged with rounds_chroma_unavailable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { createLogger } from '../../src/logger.js';
import { BOT_USER_ID } from './fake-slack.js';
import { type Harness, startHarness } from './harness.js';
import { realRuntime } from './real-runtime.js';

const KNOWLEDGE_DIR = join(import.meta.dirname, '../../knowledge');
let h: Harness;
let chroma: ChromaServerHandle;
let chromaDir: string;

beforeAll(async () => {
  chromaDir = mkdtempSync(join(tmpdir(), 'rounds-slack-chroma-'));
  chroma = await startEmbeddedChroma({ dataDir: chromaDir, logger: createLogger({ level: 'silent' }) });
  h = await startHarness({
    env: { KNOWLEDGE_DIR, CHROMA_URL: chroma.url },
    service: realRuntime,
  });
}, 240_000);

afterAll(async () => {
  await h?.close();
  await chroma?.stop();
  if (chromaDir) rmSync(chromaDir, { recursive: true, force: true });
});

async function mention(text: string) {
  const msg = h.slack.addUserMessage('CGEN', { user: 'UNURSE', text: `<@${BOT_USER_ID}> ${text}` });
  await h.sendEvent({ type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CGEN', event_ts: msg.ts });
  return h.slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === msg.ts, 90_000);
}

describe('Slack when Chroma goes down', () => {
  it('answers while Chroma is up, then apologises with a logged reference id', async () => {
    const first = await mention('what is in the sepsis hour-1 bundle?');
    expect(JSON.stringify(first.args.blocks)).toContain('*Sources*');

    await chroma.stop();
    const apology = await mention('how often should NEWS2 observations be done?');
    const text = String(apology.args.text);
    const ref = text.match(/reference (R-[0-9a-f]{8})/)?.[1];
    expect(ref, text).toBeDefined();
    expect(text).toContain('the knowledge base is unavailable');
    expect(text).not.toMatch(/chroma|127\.0\.0\.1|Error:/i);
    const lines = h.logs.filter((l) => l.includes(ref!));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('rounds_chroma_unavailable');
    expect(h.logs.join('')).not.toContain('NEWS2 observations');
  }, 120_000);
});
