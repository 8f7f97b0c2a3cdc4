/**
 * `rounds start` (`npm start`): ingests the knowledge folder (incremental), then serves every adapter on one
 * HTTP server — Slack when its tokens are set, Teams at /api/messages, the web playground, /review, /healthz and
 * /metrics — and stops embedded Chroma on exit, on a signal, or on a crash.
 */
import type { Command } from 'commander';
import type { PlatformAdapter } from '../../../adapters/adapter.js';
import { startHttpServer } from '../../../adapters/http/server.js';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import { createMetrics, createWebAdapter } from '../../../adapters/web/index.js';
import { loadConfig } from '../../config/config.js';
import { isRoundsError } from '../../core/errors.js';
import { scheduleSharePointSync } from '../../ingest/sharepoint/schedule.js';
import { createLogger } from '../../logger.js';
import { createRuntime } from '../../runtime.js';
import { logAuditHeadDaily } from '../../store/anchor-log.js';
import { SharedReviewSessionStore } from '../../store/shared-review-sessions.js';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Ingest the knowledge folder and serve Rounds: Slack, Teams, the web playground, /review, /healthz, /metrics.')
    .option('--no-ingest', 'do not ingest the knowledge folder at start')
    .option('--no-sync', 'do not sync the SharePoint libraries of rounds.config.yaml (sharepoint.syncMinutes)')
    .addHelpText(
      'after',
      '\nEnvironment: see the configuration table in README.md. With nothing set, Rounds runs Chroma embedded under\n' +
        './.rounds, ingests ./knowledge and serves the playground on http://127.0.0.1:3978/.',
    )
    .action(async (flags: { ingest: boolean; sync: boolean }) => {
      const config = loadConfig();
      const logger = createLogger({
        level: config.env.LOG_LEVEL,
        format: config.env.LOG_FORMAT,
        production: config.env.NODE_ENV === 'production',
      });
      logger.info({ chroma: config.chroma.mode, dataDir: config.dataDir, config: config.configPath ?? null }, 'starting Rounds');
      const runtime = await createRuntime(config, logger, {
        autoIngest: flags.ingest ? 'always' : 'never',
        watchIndexMs: config.env.INDEX_REFRESH_SECONDS * 1000,
      });
      const sp = config.sharepoint;
      // In the background: the instance serves what is indexed while the libraries sync.
      const syncer =
        sp && flags.sync && sp.syncMinutes > 0
          ? scheduleSharePointSync({
              config: sp,
              kb: runtime.kb,
              dataDir: config.dataDir,
              logger,
              collection: config.env.CHROMA_COLLECTION,
              ...(config.store.kind === 'postgres' ? { databaseUrl: config.store.url } : {}),
            })
          : undefined;
      const adapters: PlatformAdapter[] = [];
      let stopping = false;
      let server: Awaited<ReturnType<typeof startHttpServer>> | undefined;
      let stopAnchorLog: (() => void) | undefined;
      const shutdown = async (code: number) => {
        if (stopping) return;
        stopping = true;
        stopAnchorLog?.();
        logger.info('stopping Rounds');
        syncer?.stop();
        for (const a of adapters) await a.stop().catch((err) => logger.warn({ err, adapter: a.name }, 'adapter stop failed'));
        await server?.close().catch(() => undefined);
        await runtime.close().catch((err) => logger.warn({ err }, 'runtime close failed'));
        process.exit(code);
      };
      process.once('SIGINT', () => void shutdown(0));
      process.once('SIGTERM', () => void shutdown(0));
      // A crash must not orphan embedded Chroma: close it, then exit non-zero.
      process.on('uncaughtException', (err) => {
        logger.fatal({ err }, 'uncaught exception');
        void shutdown(1);
      });
      process.on('unhandledRejection', (err) => {
        logger.fatal({ err }, 'unhandled promise rejection');
        void shutdown(1);
      });
      try {
        const metrics = createMetrics();
        const service = metrics.instrument(runtime.service);
        // Several instances share one PostgreSQL store: platform redeliveries are then deduplicated through it.
        const deps = { service, config, logger, ...(runtime.store.kind === 'postgres' ? { shared: runtime.store } : {}) };
        if (config.slack) adapters.push(createSlackAdapter(deps));
        try {
          adapters.push(createTeamsAdapter(deps));
        } catch (error) {
          // Without Bot Framework credentials the Teams endpoint would accept unsigned activities: it stays off
          // on a non-loopback address rather than listen unauthenticated.
          if (!isRoundsError(error)) throw error;
          logger.warn({ reason: error.message }, 'Teams endpoint not mounted');
        }
        // Several instances (PostgreSQL): review-console sessions and pending sign-ins live in the shared store.
        const sessions = runtime.store.kind === 'postgres' ? { sessions: new SharedReviewSessionStore(runtime.store) } : {};
        adapters.push(createWebAdapter({ ...deps, metrics, ...sessions }));
        // Adapters first (Slack checks its tokens), then listen: no event arrives before its handler is ready.
        for (const a of adapters) await a.start();
        server = await startHttpServer({ routes: adapters.flatMap((a) => a.routes), port: config.env.PORT, host: config.env.HOST, logger });
        const names = adapters.map((a) => a.name).join(', ');
        // The banner below says "Rounds is ready" once, for people; this line is for log search.
        logger.info({ url: server.url, adapters: names, chunks: runtime.kb.lexical.size }, 'listening');
        // The audit chain's head, now and daily: an anchor kept outside the database by whatever keeps the logs.
        stopAnchorLog = logAuditHeadDaily(runtime.store, logger);
        const lines = [
          '',
          `Rounds is ready (${names}; ${runtime.kb.lexical.size} chunks in the knowledge base).`,
          config.env.WEB_PLAYGROUND ? `  Playground:     ${server.url}/` : '  Playground:     off (WEB_PLAYGROUND=false)',
          config.review
            ? `  Review console: ${server.url}/review (${[config.review.oidc ? 'identity provider' : '', config.review.secret ? 'shared secret' : ''].filter(Boolean).join(' + ')})`
            : '  Review console: off (set REVIEW_OIDC_ISSUER, REVIEW_OIDC_CLIENT_ID, REVIEW_OIDC_CLIENT_SECRET; see docs/review-console.md)',
          `  Health:         ${server.url}/healthz   Metrics: ${server.url}/metrics`,
          config.slack
            ? `  Slack:          ${config.slack.appToken ? 'Socket Mode' : `${server.url}/slack/events`}`
            : '  Slack:          off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)',
          adapters.some((a) => a.name === 'teams')
            ? `  Teams:          ${server.url}/api/messages${config.teams ? '' : ' (local, unauthenticated: Bot Framework Emulator)'}`
            : '  Teams:          off',
          'Press Ctrl+C to stop.',
          '',
        ];
        process.stderr.write(`${lines.join('\n')}\n`);
      } catch (error) {
        await shutdown(1).catch(() => undefined);
        throw error;
      }
    });
}
