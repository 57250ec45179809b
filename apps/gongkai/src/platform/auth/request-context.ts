import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AccessEntry } from '../infrastructure/access-log';
import type { Principal } from '@gongkai/runtime';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard for every routed request. */
    principal?: Principal;
    /** Set by the authentication hook when the Authorization header does not authenticate. */
    authFailure?: import('../http/problem').Problem;
    /** Set when the request must appear in the access log. */
    accessAction?: AccessEntry['action'];
    /** Set once the request's access-log row is recorded (so it is recorded once). */
    accessLogged?: boolean;
  }
}

export const ANONYMOUS: Principal = { role: 'anonymous' };

/** The caller of the current request (anonymous when no token was sent). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<FastifyRequest>().principal ?? ANONYMOUS,
);

/** Marks the request for the access log (it is written once the response is sent). */
export function recordAccess(request: FastifyRequest, action: AccessEntry['action']): void {
  request.accessAction = action;
}
