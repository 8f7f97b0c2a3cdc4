/**
 * Prometheus metrics in the text exposition format (version 0.0.4), without a client library: a few counters and
 * histograms are all /metrics needs. The service is wrapped once by `rounds start`, so every platform counts.
 * Label values come only from closed sets (platform, status, label, reason, error code) to keep cardinality
 * bounded and to keep question text (which may hold patient identifiers) out of the metrics.
 */
import { isRoundsError } from '../../src/core/errors.js';
import type { RoundsService } from '../../src/core/service.js';

export interface Metrics {
  /** Returns a RoundsService that counts answers, latencies and ratings, delegating everything to `service`. */
  instrument(service: RoundsService): RoundsService;
  /** The current values in Prometheus text format. */
  render(): string;
}

type Labels = Record<string, string>;

/** Seconds; answers span from a refusal (~ms) to an LLM compose (tens of seconds). */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
}

function withBraces(key: string): string {
  return key ? `{${key}}` : '';
}

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of [...this.values].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`${this.name}${withBraces(key)} ${value}`);
    }
    return lines.join('\n');
  }
}

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = LATENCY_BUCKETS,
  ) {}
  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    // Buckets are cumulative in the exposition format: each `le` counts every observation at or below it.
    this.buckets.forEach((le, i) => {
      if (value <= le) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of [...this.series].sort(([a], [b]) => a.localeCompare(b))) {
      const prefix = key ? `${key},` : '';
      this.buckets.forEach((le, i) => {
        lines.push(`${this.name}_bucket{${prefix}le="${le}"} ${s.counts[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${withBraces(key)} ${Number(s.sum.toFixed(6))}`);
      lines.push(`${this.name}_count${withBraces(key)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

function errorCode(error: unknown): string {
  return isRoundsError(error) ? error.code : 'unexpected';
}

export function createMetrics(): Metrics {
  const answers = new Counter('rounds_answers_total', 'Answers given, by platform, status and confidence label.');
  const askErrors = new Counter('rounds_ask_errors_total', 'Questions that failed with a fault, by platform and error code.');
  const askSeconds = new Histogram('rounds_answer_duration_seconds', 'Wall time of service.ask, by platform and status.');
  const retrievalSeconds = new Histogram('rounds_retrieval_duration_seconds', 'Retrieval time reported by the answer pipeline.');
  const composeSeconds = new Histogram('rounds_compose_duration_seconds', 'Compose time (LLM or extractive), by composer.');
  const ratings = new Counter('rounds_ratings_total', 'Ratings stored, by platform, value, reason and rater role.');
  const rateErrors = new Counter('rounds_rate_errors_total', 'Ratings that failed, by platform and error code.');
  const all = [answers, askErrors, askSeconds, retrievalSeconds, composeSeconds, ratings, rateErrors];

  return {
    instrument(service) {
      return {
        async ask(question, context, observe) {
          const platform = question.platform;
          const started = performance.now();
          try {
            const answer = await service.ask(question, context, observe);
            answers.inc({ platform, status: answer.status, label: answer.confidence.label });
            askSeconds.observe({ platform, status: answer.status }, (performance.now() - started) / 1000);
            retrievalSeconds.observe({ platform }, answer.timings.retrievalMs / 1000);
            composeSeconds.observe({ composer: answer.composer }, answer.timings.composeMs / 1000);
            return answer;
          } catch (error) {
            askErrors.inc({ platform, code: errorCode(error) });
            askSeconds.observe({ platform, status: 'error' }, (performance.now() - started) / 1000);
            throw error;
          }
        },
        async rate(input) {
          const platform = input.platform ?? 'unknown';
          try {
            const stored = await service.rate(input);
            ratings.inc({ platform, value: stored.value, reason: stored.reason ?? 'none', role: stored.role });
            return stored;
          } catch (error) {
            rateErrors.inc({ platform, code: errorCode(error) });
            throw error;
          }
        },
        profileFor: (platform, channelId) => service.profileFor(platform, channelId),
        profiles: () => service.profiles(),
        get store() {
          return service.store;
        },
        health: () => service.health(),
      };
    },
    render() {
      return `${all.map((m) => m.render()).join('\n')}\n`;
    },
  };
}
