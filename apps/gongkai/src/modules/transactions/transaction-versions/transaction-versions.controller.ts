import { Controller, Get, Inject, Param, Query as QueryParams, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { EventStore } from '@gongkai/event-store';
import { mayReadRestricted } from '../../../platform/auth/read-scope';
import { CurrentPrincipal, recordAccess } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem } from '../../../platform/http/problem';
import { EVENT_STORE } from '../../../platform/di-symbols';
import { readTransaction, trailOwner, type TransactionTrail } from '../core/transaction-reader';
import { diffQuerySchema, revisionParamSchema, versionsQuerySchema } from './transaction-versions.request';
import {
  diffDocuments,
  revisionInForce,
  versionDocument,
  versionSummaries,
  visibleEvents,
  type FieldChange,
  type VersionDocument,
  type VersionSummary,
} from './version-document';

type View = 'public' | 'full';

/**
 * Every version of a transaction (the trail after each event), one version's document, and the field-by-field
 * diff between two. Public view for anyone; full for the supervisors of its region, admins and its publishers,
 * as GET /v1/transactions/{id}.
 */
@Controller('v1/transactions')
export class TransactionVersionsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  private async trail(
    transactionId: string,
    principal: Principal,
    request: FastifyRequest,
  ): Promise<{ trail: TransactionTrail; view: View }> {
    const trail = await readTransaction(this.store, transactionId);
    const full = mayReadRestricted(principal, trailOwner(trail.events));
    if (full) recordAccess(request, 'restricted-read');
    return { trail, view: full ? 'full' : 'public' };
  }

  @Get(':id/versions')
  async versions(
    @Param('id') transactionId: string,
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<{
    transactionId: string;
    view: View;
    versions: VersionSummary[];
    at?: string;
    by?: string;
    inForce?: number | null;
  }> {
    const { at, by } = parseRequest(versionsQuerySchema, query, 'query');
    const { trail, view } = await this.trail(transactionId, principal, request);
    const versions = versionSummaries(trail);
    return {
      transactionId,
      view,
      versions,
      ...(at !== undefined ? { at, by, inForce: revisionInForce(versions, at, by) ?? null } : {}),
    };
  }

  @Get(':id/versions/:revision')
  async version(
    @Param('id') transactionId: string,
    @Param() params: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<{ transactionId: string; view: View } & VersionDocument> {
    const { revision } = parseRequest(revisionParamSchema.passthrough(), params, 'path');
    const { trail, view } = await this.trail(transactionId, principal, request);
    this.checkRevision(trail, revision);
    return { transactionId, view, ...versionDocument(visibleEvents(trail, view === 'full'), revision) };
  }

  @Get(':id/diff')
  async diff(
    @Param('id') transactionId: string,
    @QueryParams() query: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<{ transactionId: string; view: View; from: number; to: number; changes: FieldChange[] }> {
    const { from, to } = parseRequest(diffQuerySchema, query, 'query');
    const { trail, view } = await this.trail(transactionId, principal, request);
    this.checkRevision(trail, to);
    const events = visibleEvents(trail, view === 'full');
    return {
      transactionId,
      view,
      from,
      to,
      changes: diffDocuments(versionDocument(events, from), versionDocument(events, to)),
    };
  }

  private checkRevision(trail: TransactionTrail, revision: number): void {
    const last = trail.recorded.length - 1;
    if (revision > last) {
      throw new Problem(
        'not-found',
        `Transaction ${trail.transactionId} has revisions 0..${last}, not ${revision}`,
        {
          transactionId: trail.transactionId,
          lastRevision: last,
        },
      );
    }
  }
}
