import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../di-symbols';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** Writes any error as `application/problem+json`; only errors nobody anticipated are logged as errors. */
export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const { problem, known } = toProblem(error);
  if (!known) logger.error({ err: error, method: request.method, url: request.url }, 'unhandled error');
  else if (problem.status >= 500) logger.error({ err: error, url: request.url }, problem.detail);
  if (reply.sent) return;
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer realm="gongkai"';
  const retryAfter = problem.extensions['retryAfterSeconds'];
  if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
  void reply
    .status(problem.status)
    .headers(headers)
    .send(JSON.stringify(problem.toBody(request.url)));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.logger);
  }
}
