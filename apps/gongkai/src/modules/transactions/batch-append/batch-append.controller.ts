import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '../../../platform/auth/token-scope';
import type { ServiceConfig } from '../../../platform/config/config.schema';
import { parseRequest } from '../../../platform/http/parse-request';
import { CONFIG } from '../../../platform/di-symbols';
import { BatchAppendCommand, type BatchResult } from './batch-append.command';

@Controller('v1')
export class BatchAppendController {
  private readonly requestSchema;

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(CONFIG) config: ServiceConfig,
  ) {
    this.requestSchema = z.strictObject({ events: z.array(z.unknown()).min(1).max(config.batchMaxItems) });
  }

  /** `POST /v1/events:batch` (the colon is escaped for the router). Always 200: read each item's status. */
  @Post('events::batch')
  @HttpCode(200)
  @Allow('centre')
  async batch(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<BatchResult> {
    const { events } = parseRequest(this.requestSchema, body, 'body');
    return this.commands.execute(new BatchAppendCommand(events, principal));
  }
}
