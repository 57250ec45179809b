import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Allow } from '../auth/auth.guard';
import { tokenGrantSchema } from '../auth/token-scope';
import type { TokenRecord, TokenStore } from '../infrastructure/token-store';
import { parseRequest } from '../problem/parse-request';
import { Problem } from '../problem/problem';
import { TOKEN_STORE } from '../tokens';

/** Token management for admins. The secret is answered once, at creation; only its hash is kept. */
@Controller('v1/tokens')
@Allow('admin')
export class TokensController {
  constructor(@Inject(TOKEN_STORE) private readonly tokens: TokenStore) {}

  @Post()
  @HttpCode(201)
  create(@Body() body: unknown): { token: string } & TokenRecord {
    const grant = parseRequest(tokenGrantSchema, body, 'body');
    const { token, record } = this.tokens.create(grant);
    return { token, ...record };
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
