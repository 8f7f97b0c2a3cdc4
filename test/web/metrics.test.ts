import { describe, expect, it } from 'vitest';
import { createMetrics, escapeLabelValue } from '../../adapters/web/metrics.js';
import { ErrorCode, RoundsError } from '../../src/core/errors.js';
import { createFakeService } from './fake-service.js';

describe('metrics', () => {
  it('counts answers by platform, status and label, with cumulative latency buckets', async () => {
    const metrics = createMetrics();
    const service = metrics.instrument(createFakeService());
    await service.ask({ platform: 'web', channelId: 'general', text: 'What is in the sepsis hour-1 bundle of antibiotics and lactate?' });
    await service.ask({ platform: 'slack', channelId: 'general', text: '   ' });
    await service.ask({ platform: 'slack', channelId: 'general', text: '   ' });
    const text = metrics.render();
    expect(text).toContain('# TYPE rounds_answers_total counter');
    expect(text).toMatch(/rounds_answers_total\{label="(high|medium)",platform="web",status="answered"\} 1/);
    expect(text).toContain('rounds_answers_total{label="insufficient",platform="slack",status="refused"} 2');
    expect(text).toContain('# TYPE rounds_answer_duration_seconds histogram');
    expect(text).toContain('rounds_answer_duration_seconds_bucket{platform="slack",status="refused",le="+Inf"} 2');
    expect(text).toContain('rounds_answer_duration_seconds_count{platform="slack",status="refused"} 2');
    // Buckets are cumulative: every later bucket holds at least as many as an earlier one.
    const counts = [...text.matchAll(/rounds_answer_duration_seconds_bucket\{platform="slack",status="refused",le="[^"]+"\} (\d+)/g)].map(
      (m) => Number(m[1]),
    );
    expect(counts.length).toBeGreaterThan(5);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('counts ratings and failures by code, and rethrows faults', async () => {
    const metrics = createMetrics();
    const fake = createFakeService({ askFault: new RoundsError(ErrorCode.ChromaUnavailable, 'down') });
    const service = metrics.instrument(fake);
    await expect(service.ask({ platform: 'teams', text: 'x' })).rejects.toThrow('down');
    await expect(service.rate({ answerId: 'nope', raterId: 'u', value: 'down', platform: 'web' })).rejects.toThrow();
    const text = metrics.render();
    expect(text).toContain('rounds_ask_errors_total{code="rounds_chroma_unavailable",platform="teams"} 1');
    expect(text).toContain('rounds_rate_errors_total{code="rounds_unknown_answer",platform="web"} 1');

    const ok = createMetrics();
    const s2 = ok.instrument(createFakeService());
    const a = await s2.ask({ platform: 'web', channelId: 'general', text: 'hand hygiene five moments before touching patient' });
    await s2.rate({ answerId: a.id, raterId: 'u1', value: 'down', reason: 'unsafe', platform: 'web' });
    expect(ok.render()).toContain('rounds_ratings_total{platform="web",reason="unsafe",role="asker",value="down"} 1');
  });

  it('passes store, profiles and health through unchanged', async () => {
    const fake = createFakeService();
    const s = createMetrics().instrument(fake);
    expect(s.store).toBe(fake.store);
    expect(s.profiles()).toEqual(fake.profiles());
    expect((await s.health()).ok).toBe(true);
  });

  it('escapes label values per the exposition format', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
