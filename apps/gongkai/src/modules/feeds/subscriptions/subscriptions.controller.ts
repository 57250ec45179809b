import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query as QueryParams,
} from '@nestjs/common';
import {
  DeadLetterError,
  DeadLetterNotFound,
  DeadLetterNotOpen,
  SubscriptionLimitReached,
  SubscriptionNotFound,
  WebhookUrlRefused,
  type SubscriptionCaller,
  type SubscriptionService,
} from '@gongkai/sinks';
import type { Principal } from '@gongkai/runtime';
import { Allow } from '../../../platform/auth/auth.guard';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem } from '../../../platform/http/problem';
import { SUBSCRIPTIONS } from '../../../platform/di-symbols';
import type { z } from 'zod';
import type {
  subscriptionDeadLetterSchema,
  subscriptionDeadLettersSchema,
  subscriptionListSchema,
  subscriptionRetrySchema,
  subscriptionViewSchema,
  subscriptionWithDeliverySchema,
  subscriptionWithSecretSchema,
} from './subscriptions.response';
import {
  createSubscriptionSchema,
  deadLetterIdSchema,
  rotateSecretSchema,
  subscriptionDeadLettersQuerySchema,
  subscriptionIdSchema,
} from './subscriptions.request';

/** The subscriptions' own errors as problems; anything else is left to the filter (500). */
function asProblem(error: unknown): unknown {
  if (error instanceof SubscriptionNotFound || error instanceof DeadLetterNotFound)
    return new Problem('not-found', error.message, { code: error.code });
  if (error instanceof WebhookUrlRefused)
    return new Problem('webhook-url-refused', error.message, { code: error.code });
  if (error instanceof SubscriptionLimitReached)
    return new Problem('limit-reached', error.message, { code: error.code, limit: error.limit });
  if (error instanceof DeadLetterNotOpen)
    return new Problem('conflict', error.message, { code: error.code, deadLetterStatus: error.status });
  if (error instanceof DeadLetterError) return new Problem('conflict', error.message, { code: error.code });
  return error;
}

async function answer<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asProblem(error);
  }
}

function callerOf(principal: Principal): SubscriptionCaller {
  // @Allow below keeps anonymous callers out; this narrows the type.
  if (principal.role === 'anonymous')
    throw new Problem('unauthenticated', 'A subscription needs a bearer token');
  return { tokenId: principal.tokenId, subject: principal.subject, admin: principal.role === 'admin' };
}

/**
 * Saved subscriptions by need (按需定制、精准推送), managed by the subscriber: every token manages its own (an
 * admin all of them). Each is delivered, signed, with the sinks' guarantees; what it receives is the public view
 * only, whoever created it.
 */
@Controller('v1/subscriptions')
@Allow('subscriber', 'centre', 'supervisor', 'admin')
export class SubscriptionsController {
  constructor(@Inject(SUBSCRIPTIONS) private readonly subscriptions: SubscriptionService) {}

  /** Creates a subscription; the answer holds its signing secret, shown this once. */
  @Post()
  @HttpCode(201)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
  ): Promise<z.output<typeof subscriptionWithSecretSchema>> {
    const input = parseRequest(createSubscriptionSchema, body, 'body');
    return answer(() => this.subscriptions.create(callerOf(principal), input));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal): z.output<typeof subscriptionListSchema> {
    return { items: this.subscriptions.list(callerOf(principal)) };
  }

  /** The subscription and its delivery: checkpoint, lag, delivered, dead letters, circuit, last error. */
  @Get(':id')
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<z.output<typeof subscriptionWithDeliverySchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    return answer(() => this.subscriptions.get(callerOf(principal), subscriptionId));
  }

  /** Stops delivering; events meanwhile are delivered after resume (the checkpoint stays). */
  @Post(':id/pause')
  @HttpCode(200)
  pause(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<z.output<typeof subscriptionViewSchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    return answer(() => this.subscriptions.setStatus(callerOf(principal), subscriptionId, 'paused'));
  }

  @Post(':id/resume')
  @HttpCode(200)
  resume(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<z.output<typeof subscriptionViewSchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    return answer(() => this.subscriptions.setStatus(callerOf(principal), subscriptionId, 'active'));
  }

  /** A new signing secret (answered once); the previous one keeps signing for `overlapSeconds`. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<z.output<typeof subscriptionWithSecretSchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    const { overlapSeconds } = parseRequest(rotateSecretSchema, body ?? undefined, 'body');
    return answer(() => this.subscriptions.rotateSecret(callerOf(principal), subscriptionId, overlapSeconds));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    await answer(() => this.subscriptions.delete(callerOf(principal), subscriptionId));
  }

  @Get(':id/dead-letters')
  async deadLetters(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @QueryParams() query: unknown,
  ): Promise<z.output<typeof subscriptionDeadLettersSchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    const params = parseRequest(subscriptionDeadLettersQuerySchema, query, 'query');
    return {
      items: await answer(() => this.subscriptions.deadLetters(callerOf(principal), subscriptionId, params)),
    };
  }

  /** One delivery attempt now; when the receiver accepts it, the stream's held events follow in order. */
  @Post(':id/dead-letters/:deadLetterId/retry')
  @HttpCode(200)
  retry(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('deadLetterId') deadLetterId: string,
  ): Promise<z.output<typeof subscriptionRetrySchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    const letter = parseRequest(deadLetterIdSchema, deadLetterId, 'path/deadLetterId');
    return answer(() => this.subscriptions.retryDeadLetter(callerOf(principal), subscriptionId, letter));
  }

  /** Gives up on the event for this subscription and releases its stream. */
  @Post(':id/dead-letters/:deadLetterId/discard')
  @HttpCode(200)
  discard(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('deadLetterId') deadLetterId: string,
  ): Promise<z.output<typeof subscriptionDeadLetterSchema>> {
    const subscriptionId = parseRequest(subscriptionIdSchema, id, 'path/id');
    const letter = parseRequest(deadLetterIdSchema, deadLetterId, 'path/deadLetterId');
    return answer(() => this.subscriptions.discardDeadLetter(callerOf(principal), subscriptionId, letter));
  }
}
