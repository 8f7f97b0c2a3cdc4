/**
 * What an operator reads in the logs: a channel not in the config says which profile it got (once), and no JSON
 * line carries a key twice.
 */
import { describe, expect, it } from 'vitest';
import { fileSchema } from '../../src/config/config.js';
import { isListedChannel, UnlistedChannelNotice } from '../../src/service/unlisted-channels.js';
import { captureLogger } from '../helpers/capture-logger.js';

const file = fileSchema.parse({
  defaultProfile: 'general',
  profiles: { pharmacy: { collections: ['general', 'pharmacy'], slack: ['C0PHARM'], teams: ['19:pharm@thread.tacv2'] } },
});

/** Keys of one JSON object line, in order, duplicates kept (JSON.parse would hide a duplicate). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"\s*:|[{}[\]]|"(?:[^"\\]|\\.)*"/g)) {
    const t = m[0];
    if (t === '{' || t === '[') depth++;
    else if (t === '}' || t === ']') depth--;
    else if (m[1] !== undefined && depth === 1) keys.push(m[1]);
  }
  return keys;
}

describe('a channel not in the config', () => {
  it('is told apart from a listed one, per platform', () => {
    expect(isListedChannel(file, 'slack', 'C0PHARM')).toBe(true);
    expect(isListedChannel(file, 'teams', '19:pharm@thread.tacv2')).toBe(true);
    expect(isListedChannel(file, 'slack', 'C0NEW')).toBe(false);
    expect(isListedChannel(file, 'teams', 'C0PHARM')).toBe(false);
    // The web and CLI choose a profile by name.
    expect(isListedChannel(file, 'web', 'pharmacy')).toBe(true);
  });

  it('logs once which profile and document sets it got, and how to list it', () => {
    const { logger, logs } = captureLogger('info');
    const notice = new UnlistedChannelNotice(file, logger);
    expect(notice.note('slack', 'C0NEW')).toBe(true);
    expect(notice.note('slack', 'C0NEW')).toBe(true);
    expect(notice.note('slack', 'C0PHARM')).toBe(false);
    expect(logs).toHaveLength(1);
    const line = JSON.parse(logs[0]!);
    expect(line).toMatchObject({ level: 40, platform: 'slack', channelId: 'C0NEW', profile: 'general', collections: ['general'] });
    expect(line.msg).toContain('it gets the default profile "general" (document sets: general)');
    expect(line.msg).toContain('profiles.<name>.slack in rounds.config.yaml');
  });
});

describe('JSON log lines', () => {
  it('never carry a key twice, even when a field is named like one pino writes itself', () => {
    const { logger, logs } = captureLogger('info');
    logger.info({ port: 1234, pid: 99999, hostname: 'chroma-host', component: 'chroma-server' }, 'embedded Chroma started');
    logger.child({ component: 'x' }).warn({ name: 'other' }, 'child line');
    for (const raw of logs) {
      const keys = topLevelKeys(raw);
      expect(new Set(keys).size, raw).toBe(keys.length);
    }
    const first = JSON.parse(logs[0]!);
    expect(first.pid).toBe(process.pid);
    expect(first.pidField).toBe(99999);
    expect(first.hostnameField).toBe('chroma-host');
    expect(JSON.parse(logs[1]!).nameField).toBe('other');
  });
});
