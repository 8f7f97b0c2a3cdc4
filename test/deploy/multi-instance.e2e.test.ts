/**
 * The deployment docs/deploy.md describes, really started: PostgreSQL (the run's server), one `chroma run` server,
 * an ingest job as its own process, and two `rounds start` processes sharing both, with the Slack Web API played
 * by the local fake. It shows what a load balancer in front of several instances needs:
 * - a Slack retry delivered to the second instance after the first answered gets no second reply;
 * - ratings given through both instances appear in one /review, and a reviewer signed in on one is signed in on
 *   the other;
 * - an ingest run on the side is picked up by both instances without a restart;
 * - kill -9 of one instance while 20 askers and raters run loses no acknowledged rating, and the other keeps
 *   answering; the audit chain both appended to (one order under PostgreSQL's advisory lock) verifies.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromaServerHandle, startEmbeddedChroma } from '../../src/infra/chroma-server.js';
import { createLogger } from '../../src/logger.js';
import { openPgStore } from '../../src/store/pg-store.js';
import { freePort } from '../helpers/free-port.js';
import { freshDatabase } from '../helpers/postgres.js';
import { DEMO_KNOWLEDGE, REPO_ROOT } from '../helpers/runtime.js';
import { BOT_USER_ID, FakeSlack } from '../slack/fake-slack.js';
import { BOT_TOKEN, eventBody, SIGNING_SECRET, sign } from '../slack/harness.js';

const REVIEW_SECRET = 'multi-instance-review-secret-0123';
const QUESTIONS = [
  'What is in the sepsis hour-1 bundle?',
  'How often should NEWS2 observations be done?',
  'What should I check after an inpatient fall?',
  'How do I treat hypoglycaemia in an adult?',
];

interface Instance {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
}

let dir = '';
let knowledgeDir = '';
let db: Awaited<ReturnType<typeof freshDatabase>>;
let chroma: ChromaServerHandle;
let slack: FakeSlack;
const instances: Instance[] = [];

function baseEnv(dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    ROUNDS_DATA_DIR: dataDir,
    KNOWLEDGE_DIR: knowledgeDir,
    CHROMA_URL: chroma.url,
    DATABASE_URL: db.url,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
  };
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), ...args], { cwd: dir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startInstance(name: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'rounds.js'), 'start', '--no-ingest'], {
    cwd: dir,
    env: {
      ...baseEnv(join(dir, `data-${name}`)),
      PORT: String(port),
      HOST: '127.0.0.1',
      INDEX_REFRESH_SECONDS: '2',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      REVIEW_SECRET,
    },
  });
  const log: string[] = [];
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited: ${log.join('').slice(-2000)}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`instance ${name} did not become healthy: ${log.join('').slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const instance = { name, url, child, log };
  instances.push(instance);
  return instance;
}

async function ask(instance: Instance, text: string, browser?: string) {
  const res = await fetch(`${instance.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(browser ? { cookie: `rounds_web_id=${browser}` } : {}) },
    body: JSON.stringify({ text }),
  });
  if (res.status !== 200) throw new Error(`ask on ${instance.name}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { answerId: string; status: string; html: string };
}

async function rate(instance: Instance, answerId: string, browser: string, value: 'up' | 'down') {
  const res = await fetch(`${instance.url}/api/rate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `rounds_web_id=${browser}` },
    body: JSON.stringify({ answerId, value }),
  });
  if (res.status !== 200) throw new Error(`rate on ${instance.name}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { ok: boolean };
}

function sendSlackEvent(instance: Instance, event: Record<string, unknown>, eventId: string, retryNum?: number) {
  const body = JSON.stringify(eventBody(event, eventId));
  const ts = Math.floor(Date.now() / 1000);
  return fetch(`${instance.url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
      ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
    },
    body,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rounds-multi-'));
  knowledgeDir = join(dir, 'knowledge');
  cpSync(DEMO_KNOWLEDGE, knowledgeDir, { recursive: true });
  db = await freshDatabase('rounds_multi');
  chroma = await startEmbeddedChroma({ dataDir: join(dir, 'chroma'), logger: createLogger({ level: 'silent' }) });
  slack = await new FakeSlack(BOT_TOKEN).start();
  // The ingest job runs on its own, before and beside the serving instances (which start with --no-ingest).
  const ingest = await run(['ingest', '--json'], baseEnv(join(dir, 'data-ingest')));
  expect(ingest.code, ingest.stderr).toBe(0);
  await Promise.all([startInstance('a'), startInstance('b')]);
}, 240_000);

afterAll(async () => {
  // A killed child has a signalCode and no exitCode; wait only for those still running, and never for long.
  const running = instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null);
  const exited = running.map((i) => new Promise((r) => i.child.once('exit', r)));
  for (const i of running) i.child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const i of running) i.child.kill('SIGKILL');
  }, 15_000);
  await Promise.all(exited);
  clearTimeout(force);
  await slack?.close();
  await chroma?.stop();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('two instances, one PostgreSQL, one Chroma', () => {
  it('answers a Slack retry delivered to the second instance once', async () => {
    const [a, b] = instances as [Instance, Instance];
    const msg = slack.addUserMessage('CGEN', { user: 'UNURSE', text: `<@${BOT_USER_ID}> ${QUESTIONS[0]}` });
    const event = { type: 'app_mention', user: 'UNURSE', text: msg.text, ts: msg.ts, channel: 'CGEN', event_ts: msg.ts };
    const eventId = 'EvMULTI00001';
    expect((await sendSlackEvent(a, event, eventId)).status).toBe(200);
    await slack.waitForCall('chat.postMessage', (c) => c.args.thread_ts === msg.ts, 60_000);
    // Slack did not see the ack in time and retries, and the load balancer sends the retry to the other instance.
    expect((await sendSlackEvent(b, event, eventId, 1)).status).toBe(200);
    // The same message as a second event type (message.channels) must not be answered either.
    expect((await sendSlackEvent(b, { ...event, type: 'message', channel_type: 'channel' }, 'EvMULTI00002')).status).toBe(200);
    // Give b time to (wrongly) answer, then count replies in the thread.
    await new Promise((r) => setTimeout(r, 3000));
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === msg.ts)).toHaveLength(1);
  }, 90_000);

  it('shows ratings given through both instances in one /review, signed in on one and served by the other', async () => {
    const [a, b] = instances as [Instance, Instance];
    const onA = await ask(a, QUESTIONS[1] as string, 'web-browser-on-a-0001');
    const onB = await ask(b, QUESTIONS[2] as string, 'web-browser-on-b-0001');
    // Each rating goes through the other instance than the one that answered.
    expect((await rate(b, onA.answerId, 'web-browser-on-a-0001', 'up')).ok).toBe(true);
    expect((await rate(a, onB.answerId, 'web-browser-on-b-0001', 'down')).ok).toBe(true);

    const login = await fetch(`${a.url}/review/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret: REVIEW_SECRET, reviewer: 'lead' }).toString(),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const sessionCookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    // Signed in through a; the console is served by b with the same cookie (sessions live in PostgreSQL).
    const page = await (await fetch(`${b.url}/review`, { headers: { cookie: sessionCookie } })).text();
    expect(page).toContain(`a-${onA.answerId}`);
    expect(page).toContain(`a-${onB.answerId}`);
  }, 90_000);

  it('picks up an ingest run on the side in both instances without a restart', async () => {
    writeFileSync(
      join(knowledgeDir, 'general', 'quokka-ward-visiting.md'),
      [
        '---',
        'id: quokka-ward-visiting',
        'title: "Quokka ward: visiting hours and rules"',
        'version: "1.0"',
        'effective: "2026-01-01"',
        'collection: general',
        '---',
        '',
        '# Quokka ward: visiting hours and rules',
        '',
        '## Visiting hours',
        '',
        'Visiting hours on the Quokka ward are from 14:00 to 16:00 and from 18:00 to 20:00 every day. Two visitors per bed at a time.',
        '',
      ].join('\n'),
    );
    const ingest = await run(['ingest', '--json'], baseEnv(join(dir, 'data-ingest')));
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout.trim())).toMatchObject({ added: 1 });
    const started = Date.now();
    for (const instance of instances) {
      await expect
        .poll(async () => (await ask(instance, 'What are the visiting hours on the Quokka ward?')).html, {
          timeout: 30_000,
          interval: 1000,
        })
        .toContain('Quokka ward: visiting hours');
    }
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);

  it('loses no acknowledged rating when one instance is killed (-9) under load, and the other keeps answering', async () => {
    const [a, b] = instances as [Instance, Instance];
    const acknowledged: { answerId: string; raterId: string }[] = [];
    const answeredByBAfterKill: string[] = [];
    let killedAt = 0;
    let stop = false;
    const worker = async (w: number) => {
      const browser = `web-load-worker-${String(w).padStart(4, '0')}`;
      let n = 0;
      while (!stop) {
        n += 1;
        // Alternate instances; once a is gone, its requests fail and the worker goes to b (as a load balancer would).
        const first = (w + n) % 2 === 0 ? a : b;
        const other = first === a ? b : a;
        let answer: { answerId: string } | undefined;
        for (const target of [first, other]) {
          try {
            answer = await ask(target, QUESTIONS[(w + n) % QUESTIONS.length] as string, browser);
            if (target === b && killedAt) answeredByBAfterKill.push(answer.answerId);
            break;
          } catch {
            // connection refused or reset by the killed instance: try the other one
          }
        }
        if (!answer) continue;
        for (const target of [other, first]) {
          try {
            await rate(target, answer.answerId, browser, n % 2 ? 'up' : 'down');
            acknowledged.push({ answerId: answer.answerId, raterId: browser });
            break;
          } catch {
            // not acknowledged: the rating may or may not be stored, and the client would retry
          }
        }
      }
    };
    const workers = Array.from({ length: 20 }, (_, w) => worker(w));
    // Kill under load: after 2.5 s, and not before the first rating was acknowledged (a loaded CI machine is slow).
    const firstAck = Date.now() + 30_000;
    await new Promise((r) => setTimeout(r, 2500));
    while (acknowledged.length === 0 && Date.now() < firstAck) await new Promise((r) => setTimeout(r, 100));
    const beforeKill = acknowledged.length;
    a.child.kill('SIGKILL');
    killedAt = Date.now();
    await new Promise((r) => setTimeout(r, 4000));
    stop = true;
    await Promise.all(workers);

    expect(beforeKill).toBeGreaterThan(0);
    expect(a.child.signalCode).toBe('SIGKILL');
    expect(answeredByBAfterKill.length).toBeGreaterThan(5);
    const store = await openPgStore({ url: db.url });
    try {
      const stored = new Set((await store.listRatings()).map((r) => `${r.answerId}|${r.raterId}`));
      const lost = acknowledged.filter((r) => !stored.has(`${r.answerId}|${r.raterId}`));
      expect(lost).toEqual([]);
      expect(acknowledged.length).toBeGreaterThan(beforeKill);
      // Both instances appended to one audit chain, one killed mid-write: it still verifies, every record chained.
      const audit = await store.verifyAudit();
      expect(audit.problems).toEqual([]);
      expect(audit.ok).toBe(true);
      expect(audit.records).toBeGreaterThan(acknowledged.length);
      expect(audit.entries).toBeGreaterThan(audit.records);
    } finally {
      await store.close();
    }
    // b still answers on its own.
    expect((await ask(b, QUESTIONS[0] as string)).answerId).toBeTruthy();
  }, 120_000);
});
