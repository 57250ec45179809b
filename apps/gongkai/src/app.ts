import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import rateLimit from '@fastify/rate-limit';
import swagger, { type StaticDocumentSpec } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Clock } from '@gongkai/event-store';
import { AppModule } from './app.module';
import { type ServiceConfig, ensureAdminToken } from '@gongkai/runtime';
import { authenticateOnRequest, rateLimitKey } from './platform/auth/auth.guard';
import { BackgroundWork } from './background/background-work';
import { openServiceInfrastructure, type ServiceInfrastructure } from './service-infrastructure';
import { PinoNestLogger } from './platform/logging/nest-logger';
import { registerCalendarMetrics } from './modules/operations/metrics/calendar-metrics';
import { ServiceMetrics } from './platform/metrics/service-metrics';
import { registerIntegrityMetrics } from './modules/operations/metrics/integrity-metrics';
import { buildOpenApiDocument } from './platform/openapi/openapi-document';
import { Problem, PROBLEM_CONTENT_TYPE } from './platform/http/problem';
import { ProblemFilter, sendProblem } from './platform/http/problem.filter';
import { parseStrictJson } from './platform/http/strict-json';
import { serveTile, TILE_PREFIX } from './modules/integrity/transparency-log/log.controller';
import { Witnesses } from './modules/integrity/core/witnesses';

export interface GongkaiApp {
  app: NestFastifyApplication;
  infrastructure: ServiceInfrastructure;
  /** Projections and sinks (running here unless GONGKAI_ROLE=api). */
  background: BackgroundWork;
  logger: Logger;
  /** Set only on a first start without GONGKAI_ADMIN_TOKEN: the generated admin token, to print once. */
  generatedAdminToken?: string;
  /** Listens on the configured host and port (0 picks a free one); answers the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  logger?: Logger;
  /**
   * Serve the Swagger UI at /docs (default true). @fastify/swagger-ui loads an ES module through require(),
   * which Node 20.19+ does but jest's module runtime does not, so in-process tests turn it off and a test
   * that starts `main.ts` as a child process covers /docs.
   */
  docsUi?: boolean;
  /** What time it is for recording (default: the system clock). */
  clock?: Clock;
}

/** Paths a worker process (GONGKAI_ROLE=worker) still answers; everything else is 404 there. */
const WORKER_PATHS = new Set(['/health', '/metrics']);

/** Builds the whole service (not yet listening). Used by `main.ts` and by the end-to-end tests. */
export async function createApp(config: ServiceConfig, options: CreateAppOptions = {}): Promise<GongkaiApp> {
  const logger = options.logger ?? pino({ level: config.logLevel, name: 'gongkai' });
  const infrastructure = await openServiceInfrastructure(config, options.clock);
  let background: BackgroundWork | undefined;
  try {
    const generatedAdminToken = ensureAdminToken(infrastructure.tokens, config.adminToken);
    const metrics = new ServiceMetrics();
    const integrityLog = infrastructure.integrity.log;
    registerIntegrityMetrics(metrics.registry, integrityLog);
    integrityLog.onAlarm((alarm) => {
      logger.error(
        { alarm },
        `integrity alarm (${alarm.reason}): ${alarm.detail}; new checkpoints are not signed`,
      );
    });
    // One process verifies the store: the one maintaining the tree (a worker only reads it).
    if (config.role !== 'worker') integrityLog.verifyEvery(config.checkpoint.verifyIntervalMs);
    const witnesses = new Witnesses(config.checkpoint.witnesses, integrityLog, config.dataDir, logger);
    await witnesses.load();
    infrastructure.integrity.witnesses = witnesses;
    if (witnesses.configured) integrityLog.onSigned((checkpoint) => witnesses.submit(checkpoint));
    if (config.role !== 'worker') integrityLog.checkpointEvery(config.checkpoint.intervalMs);
    registerCalendarMetrics(metrics.registry, infrastructure.calendar);
    background = BackgroundWork.open(config, infrastructure.store, metrics, logger);
    const work = background;
    const adapter = new FastifyAdapter({
      bodyLimit: config.bodyLimitBytes,
      // Request logging is done by the onResponse hook below, once per request with its status.
      logger: false,
      // Errors the router answers before any route runs (bad %-escape, 414): problem+json like the rest.
      frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
        sendProblem(error, request, reply, logger),
    });
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({ config, logger, metrics, infrastructure, background: work }),
      adapter,
      // Nest's own body parsers are off: the strict JSON parser below is the only one.
      { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false },
    );
    app.useGlobalFilters(new ProblemFilter(logger));
    const fastifyInstance = app.getHttpAdapter().getInstance();
    // JSON only (anything else is 415), parsed strictly: see strict-json.ts for what is refused and why.
    fastifyInstance.removeAllContentTypeParsers();
    for (const type of ['application/json', /^application\/[\w.-]+\+json$/]) {
      fastifyInstance.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes },
        (
          _request: FastifyRequest,
          body: string | Buffer,
          done: (error: Error | null, value?: unknown) => void,
        ) => {
          try {
            done(null, parseStrictJson(Buffer.isBuffer(body) ? body : Buffer.from(body)));
          } catch (error) {
            done(error as Error, undefined);
          }
        },
      );
    }

    // Authentication first, so that the rate limit keys on who the caller is (see auth.guard.ts).
    fastifyInstance.addHook('onRequest', authenticateOnRequest(infrastructure.tokens));
    if (config.rateLimitPerMinute > 0) {
      await app.register(rateLimit, {
        max: config.rateLimitPerMinute,
        timeWindow: 60_000,
        keyGenerator: rateLimitKey,
        errorResponseBuilder: (_request, context) =>
          new Problem(
            'rate-limited',
            `At most ${context.max} requests per minute; retry after ${context.after}`,
            {
              retryAfterSeconds: Math.ceil(context.ttl / 1000),
            },
          ),
      });
    }
    // The document is built from our zod schemas (OpenAPI 3.1); the plugin only serves it to the UI.
    const document = buildOpenApiDocument() as unknown as StaticDocumentSpec['document'];
    await app.register(swagger, { mode: 'static', specification: { document } });
    if (options.docsUi ?? true) await app.register(swaggerUi, { routePrefix: '/docs' });

    const fastify = app.getHttpAdapter().getInstance();
    if (config.role === 'worker') {
      fastify.addHook('onRequest', async (request, reply) => {
        const pathname = request.url.split('?')[0] ?? '';
        if (WORKER_PATHS.has(pathname)) return;
        const problem = new Problem(
          'not-found',
          'This process runs projections and sinks only (GONGKAI_ROLE=worker); the API is served by the api role',
        );
        await reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toBody(request.url));
      });
    }
    fastify.get(`${TILE_PREFIX}*`, (request, reply) =>
      serveTile(infrastructure.integrity, request.url, reply),
    );
    // The access-log row of a write or restricted read is committed before its answer leaves (onSend);
    // onResponse catches what never went through onSend (a hijacked reply), after the fact as before.
    const logAccess = (request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined => {
      const principal = request.principal;
      if (!request.accessAction || request.accessLogged || !principal || principal.role === 'anonymous') {
        return undefined;
      }
      request.accessLogged = true;
      return infrastructure.accessLog
        .record({
          tokenId: principal.tokenId,
          subject: principal.subject,
          role: principal.role,
          method: request.method,
          path: request.url,
          status: reply.statusCode,
          action: request.accessAction,
        })
        .catch((error: unknown) => {
          logger.error({ err: error, method: request.method, url: request.url }, 'access log not written');
        });
    };
    fastify.addHook('onSend', (request, reply, payload, done) => {
      const logged = logAccess(request, reply);
      if (logged) void logged.then(() => done(null, payload));
      else done(null, payload);
    });
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const seconds = reply.elapsedTime / 1000;
      metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.httpDuration.observe({ method: request.method, route }, seconds);
      void logAccess(request, reply);
      logger.debug({
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: reply.elapsedTime,
      });
    });

    await app.init();
    await work.start();
    return {
      app,
      infrastructure,
      background: work,
      logger,
      generatedAdminToken,
      async listen(port = config.port) {
        await app.listen({ port, host: config.host });
        const address = fastify.server.address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
        return `http://${host}:${actualPort}`;
      },
      async close() {
        await app.close();
        await work.close();
        await infrastructure.close();
      },
    };
  } catch (error) {
    await background?.close();
    await infrastructure.close();
    throw error;
  }
}
