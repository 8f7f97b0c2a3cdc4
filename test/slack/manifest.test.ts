/**
 * The app manifests ask for exactly the scopes and events the adapter uses: the Web API methods are read from
 * the adapter's source, so a new call without its scope (or a scope nobody uses) fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../../adapters/slack/handlers/command.js';

const DIR = join(import.meta.dirname, '../../adapters/slack');

/** Scope each Web API method needs (https://docs.slack.dev/reference/methods). */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  'chat.startStream': ['chat:write'],
  'chat.appendStream': ['chat:write'],
  'chat.stopStream': ['chat:write'],
  'chat.getPermalink': [],
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'views.open': [],
  'assistant.threads.setStatus': ['assistant:write'],
  'assistant.threads.setTitle': ['assistant:write'],
  'assistant.threads.setSuggestedPrompts': ['assistant:write'],
};
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
};

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');
}

describe('Slack app manifests', () => {
  const code = sources(DIR);
  const called = new Set(
    [...code.matchAll(/client\.((?:chat|reactions|views|conversations|assistant\.threads)\.\w+)\(/g)].map((m) => m[1]!),
  );
  // Bolt's Assistant helpers call these on our behalf (setStatus, setTitle, setSuggestedPrompts, say), and the
  // Web API's ChatStreamer (client.chatStream) calls the three streaming methods.
  for (const m of ['assistant.threads.setTitle', 'assistant.threads.setSuggestedPrompts', 'chat.postMessage']) called.add(m);
  if (code.includes('client.chatStream(')) for (const m of ['chat.startStream', 'chat.appendStream', 'chat.stopStream']) called.add(m);

  for (const file of ['manifest.yaml', 'manifest.http.yaml']) {
    it(`${file} lists exactly the scopes and events used`, () => {
      const manifest = parse(readFileSync(join(DIR, file), 'utf8'));
      const events: string[] = manifest.settings.event_subscriptions.bot_events;
      const expected = new Set<string>(['commands']);
      for (const m of called) {
        expect(METHOD_SCOPES[m], `scope for ${m}`).toBeDefined();
        for (const s of METHOD_SCOPES[m]!) expected.add(s);
      }
      for (const e of events) for (const s of EVENT_SCOPES[e] ?? ['unknown']) expected.add(s);
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...expected].sort());
      expect(events.sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
      expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMAND]);
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      // Agent messaging: assistant_view can no longer create an app (docs.slack.dev, "Migrating to the Agent messaging experience").
      expect(manifest.features.assistant_view).toBeUndefined();
      expect(manifest.features.agent_view.agent_description.length).toBeLessThanOrEqual(300);
      expect(manifest.features.agent_view.suggested_prompts.length).toBeLessThanOrEqual(4);
      expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    });
  }

  it('HTTP mode points every request URL at /slack/events; Socket Mode needs none', () => {
    const http = parse(readFileSync(join(DIR, 'manifest.http.yaml'), 'utf8'));
    const socket = parse(readFileSync(join(DIR, 'manifest.yaml'), 'utf8'));
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
    for (const url of [
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
      http.features.slash_commands[0].url,
    ]) {
      expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
    }
  });
});
