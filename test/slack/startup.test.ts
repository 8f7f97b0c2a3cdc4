/** Start-up failures name the setting to fix instead of surfacing on the first question. */
import { describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { FakeRoundsService } from './fake-service.js';
import { FakeSlack } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket-mode.js';
import { BOT_TOKEN, SIGNING_SECRET } from './harness.js';

const logger = createLogger({ level: 'silent' });

async function withFake(run: (slack: FakeSlack, service: FakeRoundsService) => Promise<void>) {
  const slack = await new FakeSlack(BOT_TOKEN).start();
  const service = new FakeRoundsService(loadConfig({}, '/nonexistent-dir-for-defaults').file, ':memory:');
  try {
    await run(slack, service);
  } finally {
    await service.store.close();
    await slack.close();
  }
}

describe('Slack adapter start-up', () => {
  it('refuses to build without Slack settings', () => {
    const config = loadConfig({}, '/nonexistent-dir-for-defaults');
    expect(() => createSlackAdapter({ config, logger, service: {} as never })).toThrow(/set SLACK_BOT_TOKEN/);
  });

  it('fails at start when Slack rejects the bot token', async () => {
    await withFake(async (slack, service) => {
      const config = loadConfig(
        { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl },
        '/nonexistent-dir-for-defaults',
      );
      const adapter = createSlackAdapter({ config, logger, service });
      await expect(adapter.start()).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
    });
  });

  it('fails at start when the app-level token is rejected in Socket Mode', async () => {
    await withFake(async (slack, service) => {
      new FakeSocketMode(slack, 'xapp-the-right-one');
      const config = loadConfig(
        { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_APP_TOKEN: 'xapp-wrong' },
        '/nonexistent-dir-for-defaults',
      );
      const adapter = createSlackAdapter({ config, logger, service });
      await expect(adapter.start()).rejects.toThrow(/Socket Mode could not connect \(invalid_auth\).*SLACK_APP_TOKEN/);
    });
  });
});
