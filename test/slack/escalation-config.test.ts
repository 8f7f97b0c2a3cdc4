/**
 * Per-profile escalation in rounds.config.yaml: the old one-line form still works (it only names whom to ask);
 * the new form names who is notified per platform; mistakes stop Rounds at start with the fix in the message.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { resolveProfile } from '../../src/config/profiles.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function load(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rounds-esc-cfg-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'rounds.config.yaml'), yaml);
  return loadConfig({ ROUNDS_DATA_DIR: join(dir, 'data') }, dir);
}

describe('escalation config', () => {
  it('keeps the one-line form: a label for abstentions, no Ask a person', () => {
    const config = load(
      'profiles:\n  pharmacy:\n    collections: [general]\n    escalation: the on-call pharmacist (bleep 2210)\n    slack: [CPHARM]\n',
    );
    const p = resolveProfile(config.file, 'slack', 'CPHARM');
    expect(p?.escalation).toBe('the on-call pharmacist (bleep 2210)');
    expect(p?.escalateTo).toBeUndefined();
  });

  it('reads people, a group and a channel per platform', () => {
    const config = load(`profiles:
  icu:
    collections: [general]
    slack: [CICU]
    teams: ["19:icu@thread.tacv2"]
    escalation:
      label: the ICU pharmacist
      slack: { channel: CESCAL, people: [UPHARM, W0GUEST], group: S0ICU }
      teams: { channel: "19:oncall@thread.tacv2", people: [aad-1] }
`);
    const p = resolveProfile(config.file, 'teams', '19:icu@thread.tacv2');
    expect(p?.escalation).toBe('the ICU pharmacist');
    expect(p?.escalateTo).toEqual({
      slack: { channel: 'CESCAL', people: ['UPHARM', 'W0GUEST'], group: 'S0ICU' },
      teams: { channel: '19:oncall@thread.tacv2', people: ['aad-1'] },
    });
  });

  it.each([
    ['slack: { people: [bob] }', /escalation\.slack\.people\.0: must be a Slack member id like U0123ABCD \(profile → ⋯ → Copy member ID\)/],
    [
      'slack: { channel: "#pharmacy" }',
      /escalation\.slack\.channel: must be a Slack channel id like C0123ABCD \(channel → View channel details/,
    ],
    ['slack: { group: pharmacists }', /escalation\.slack\.group: must be a Slack user group id/],
    ['slack: {}', /escalation\.slack: name at least one of channel, people or group/],
    [
      'teams: { channel: "General" }',
      /escalation\.teams\.channel: must be a Teams channel conversation id like "19:abc…@thread\.tacv2".*installed in that team/,
    ],
    ['email: oncall@example.org', /escalation: unknown key email: use label, slack and\/or teams/],
  ])('refuses %s with a message naming the fix', (fragment, message) => {
    expect(() => load(`profiles:\n  icu:\n    collections: [general]\n    escalation: { ${fragment} }\n`)).toThrow(message);
  });
});
