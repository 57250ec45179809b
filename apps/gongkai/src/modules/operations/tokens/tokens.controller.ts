import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Allow } from '../../../platform/auth/auth.guard';
import {
  tokenRequestSchema,
  tokenRotationSchema,
  type TokenGrant,
  type TokenRecord,
  type TokenStore,
} from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem, validationProblem } from '../../../platform/http/problem';
import { TOKEN_STORE } from '../../../platform/di-symbols';

/** Token management for admins. The secret is answered once, at creation; only its hash is kept. */
@Controller('v1/tokens')
@Allow('admin')
export class TokensController {
  constructor(@Inject(TOKEN_STORE) private readonly tokens: TokenStore) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): { token: string } & TokenRecord {
    const { expiresAt, ...grant } = parseRequest(tokenRequestSchema, body, 'body');
    this.assertFuture(expiresAt);
    const { token, record } = this.tokens.create(grant as TokenGrant, undefined, expiresAt);
    return { token, ...record };
  }

  /** A new secret for the same grant; the old one ends after `graceSeconds` (default at once). */
  @Post(':id/rotate')
  @HttpCode(201)
  rotate(@Param('id') id: string, @Body() body: unknown): { token: string } & TokenRecord {
    const options = parseRequest(tokenRotationSchema, body ?? {}, 'body');
    this.assertFuture(options.expiresAt);
    const rotated = this.tokens.rotate(id, options);
    if (!rotated) throw new Problem('not-found', `No live token with id ${id}`);
    return { token: rotated.token, ...rotated.record };
  }

  private assertFuture(expiresAt: string | undefined): void {
    if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.now()) {
      throw validationProblem('A token cannot be created already expired', [
        { field: '/body/expiresAt', message: 'must lie in the future' },
      ]);
    }
  }

  @Get()
  list(): { items: TokenRecord[] } {
    return { items: this.tokens.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id') id: string): void {
    if (!this.tokens.revoke(id)) throw new Problem('not-found', `No token with id ${id}`);
  }
}
