import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../http/problem';
import type { TokenStore, Principal, TokenRole } from '@gongkai/runtime';
import { TOKEN_STORE } from '../di-symbols';
import { ANONYMOUS } from './request-context';

const ROLES_KEY = 'gongkai:roles';

/** Restricts a route to tokens of these roles; routes without it are open to anyone (public view). */
export const Allow = (...roles: TokenRole[]) => SetMetadata(ROLES_KEY, roles);

function bearerOf(request: FastifyRequest): string | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Resolves the bearer token to a principal on every request. A token that is sent must be valid (401
 * otherwise), even on public routes: a caller who believes it is authenticated must learn it is not.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TOKEN_STORE) private readonly tokens: TokenStore,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Usually resolved already by the onRequest hook (so the rate limit can key on the token id).
    if (request.authFailure) throw request.authFailure;
    const principal = request.principal ?? resolvePrincipal(request, this.tokens);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<TokenRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (principal.role !== 'anonymous' && request.method !== 'GET' && request.method !== 'HEAD') {
      request.accessAction = roles?.includes('admin') ? 'admin' : 'write';
    }
    if (!roles) return true;
    if (principal.role === 'anonymous') {
      throw new Problem(
        'unauthenticated',
        'This endpoint needs a bearer token (Authorization: Bearer <token>)',
      );
    }
    if (!roles.includes(principal.role)) {
      throw new Problem('forbidden', `Tokens of role ${principal.role} may not call this endpoint`, {
        allowedRoles: roles,
      });
    }
    return true;
  }
}

/** The caller of a request from its Authorization header; a header that does not authenticate throws 401. */
export function resolvePrincipal(request: FastifyRequest, tokens: TokenStore): Principal {
  const secret = bearerOf(request);
  if (secret === undefined) return ANONYMOUS;
  if (secret === null)
    throw new Problem('unauthenticated', 'The Authorization header is not "Bearer <token>"');
  const grant = tokens.authenticate(secret);
  if (!grant) throw new Problem('unauthenticated', 'The bearer token is unknown, revoked or expired');
  return grant;
}

/**
 * Authenticates in an onRequest hook, before the rate limit, which then counts per token id (however the
 * header is spelt) and per address for anonymous callers and failed authentications. A failure is kept for
 * the guard to answer, so a throttled caller gets 429 before it learns whether its token was good.
 */
export function authenticateOnRequest(tokens: TokenStore) {
  return async (request: FastifyRequest): Promise<void> => {
    try {
      request.principal = resolvePrincipal(request, tokens);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      request.authFailure = error;
    }
  };
}

/** The rate-limit key: the token id once authenticated, else the address. */
export function rateLimitKey(request: FastifyRequest): string {
  const principal = request.principal;
  return principal && principal.role !== 'anonymous' && !request.authFailure
    ? `token:${principal.tokenId}`
    : `address:${request.ip}`;
}
