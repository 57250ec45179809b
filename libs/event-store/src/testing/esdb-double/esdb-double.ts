import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtoEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import * as shared from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import * as streams from '@eventstore/db-client/generated/streams_pb';
import {
  TransactionLog,
  type AppendOutcome,
  type ExpectedState,
  type LogEvent,
  type ProposedEvent,
  type TransactionLogOptions,
} from './transaction-log';

/**
 * A TEST DOUBLE of an EventStoreDB v24.10 node, speaking the real gRPC protocol (the service definitions that
 * @eventstore/db-client ships), so the adapter runs through the real client, channel and wire format. It models
 * what the server does that SQLite does not, each behaviour citing the server source it follows (paths under
 * src/ at tag v24.10.0 of github.com/EventStore/EventStore). It is not EventStoreDB: no auth, no chunks, no
 * persistence, no projections; the cluster is two nodes sharing one in-memory log.
 */

export interface EsdbDoubleOptions extends TransactionLogOptions {
  /** ClusterVNodeOptions.Database.MaxAppendSize: default 1,048,576 bytes. */
  maxAppendSize?: number;
  /** Advertise Streams.BatchAppend in ServerFeatures (a v24.10 server does; the client then uses it). */
  batchAppend?: boolean;
  /** Events per page of a read (Enumerator.ReadAllForwards.cs ReadBatchSize = 32). */
  readBatchSize?: number;
}

type Role = 'leader' | 'follower';

interface OpenCall {
  end(error?: grpc.ServiceError): void;
}

/** What a running read needs from its call: whether it is still open, and a way to wait for news. */
interface CallContext {
  isOpen(): boolean;
  /** Resolves on `wake()` or when the call ends. */
  sleep(): Promise<void>;
  wake(): void;
}

/** Status, message and `exception` metadata of the server's errors (Grpc/RpcExceptions.cs, Grpc/Constants.cs). */
function rpcError(
  code: grpc.status,
  details: string,
  metadata: Record<string, string> = {},
): grpc.ServiceError {
  const md = new grpc.Metadata();
  for (const [key, value] of Object.entries(metadata)) md.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata: md }) as grpc.ServiceError;
}

const errors = {
  notLeader: (host: string, port: number) =>
    rpcError(grpc.status.NOT_FOUND, 'Leader info available', {
      exception: 'not-leader',
      'leader-endpoint-host': host,
      'leader-endpoint-port': String(port),
    }),
  streamDeleted: (stream: string) =>
    rpcError(grpc.status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
      exception: 'stream-deleted',
      'stream-name': stream,
    }),
  maxAppendSize: (max: number) =>
    rpcError(grpc.status.INVALID_ARGUMENT, `Maximum Append Size of ${max} Exceeded.`, {
      exception: 'maximum-append-size-exceeded',
      'maximum-append-size': String(max),
    }),
  // Enumerator.ReadAllForwards.cs maps ReadAllResult.InvalidPosition to UnknownError for plain reads...
  invalidPositionRead: () => rpcError(grpc.status.UNKNOWN, 'Unexpected ReadAllResult: InvalidPosition'),
  // ... and Enumerator.AllSubscription.cs to ReadResponseException.InvalidPosition (RpcExceptions.InvalidPositionException).
  invalidPositionSubscription: () =>
    rpcError(grpc.status.INVALID_ARGUMENT, 'Trying to read from an invalid position.'),
  wrongExpectedVersion: (stream: string, expected: string, actual: string) =>
    rpcError(
      grpc.status.FAILED_PRECONDITION,
      `Append failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual}`,
      {
        exception: 'wrong-expected-version',
        'stream-name': stream,
        'expected-version': expected,
        'actual-version': actual,
      },
    ),
};

/** Bytes the server counts against MaxAppendSize: Event.SizeOnDisk (Data/Event.cs). */
export function sizeOnDisk(type: string, data: Buffer, metadata: Buffer): number {
  // In v24.10 the expression is `data?.Length ?? 0 + metadata?.Length ?? 0 + eventType.Length * 2`: C# binds
  // `??` looser than `+`, so for any event with data it is data.Length alone. Modelled as written.
  void type;
  void metadata;
  return data.length;
}

class DoubleNode {
  role: Role;
  /** A follower serves reads from the log as it stood when it stepped down (replication stopped there). */
  staleAt: bigint | undefined;
  readonly calls = new Set<OpenCall>();
  private server: grpc.Server | undefined;
  port = 0;

  constructor(
    private readonly cluster: EsdbDouble,
    role: Role,
  ) {
    this.role = role;
  }

  async listen(port = 0): Promise<void> {
    const server = new grpc.Server();
    server.addService(StreamsService, this.streamsImplementation());
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (
        _call: grpc.ServerUnaryCall<shared.Empty, SupportedMethods>,
        callback: grpc.sendUnaryData<SupportedMethods>,
      ) => callback(null, this.cluster.supportedMethods()),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
  }

  /** Ends every call (subscriptions included) and stops listening, as a process exit would. */
  async shutdown(): Promise<void> {
    for (const call of [...this.calls]) call.end(rpcError(grpc.status.UNAVAILABLE, 'Server shutting down'));
    this.calls.clear();
    const server = this.server;
    this.server = undefined;
    server?.forceShutdown();
  }

  /** Ends the open subscriptions of this node (a role change drops them). */
  dropCalls(error: grpc.ServiceError): void {
    for (const call of [...this.calls]) call.end(error);
    this.calls.clear();
  }

  private visible(record: LogEvent): boolean {
    return this.staleAt === undefined || record.end <= this.staleAt;
  }

  /** A follower refuses writes and `requires-leader` reads with NotLeader and the leader's address. */
  private leaderCheck(metadata: grpc.Metadata, write: boolean): grpc.ServiceError | undefined {
    if (this.role === 'leader') return undefined;
    const requiresLeader = metadata.get('requires-leader')[0] === 'true';
    if (!write && !requiresLeader) return undefined;
    const leader = this.cluster.leader();
    return errors.notLeader('127.0.0.1', leader.port);
  }

  private streamsImplementation(): grpc.UntypedServiceImplementation {
    return {
      read: (call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>) => void this.read(call),
      append: (
        call: grpc.ServerReadableStream<streams.AppendReq, streams.AppendResp>,
        callback: grpc.sendUnaryData<streams.AppendResp>,
      ) => void this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<streams.BatchAppendReq, streams.BatchAppendResp>) =>
        this.batchAppend(call),
      delete: (
        call: grpc.ServerUnaryCall<streams.DeleteReq, streams.DeleteResp>,
        callback: grpc.sendUnaryData<streams.DeleteResp>,
      ) => {
        const refused = this.leaderCheck(call.metadata, true);
        if (refused) return callback(refused);
        const name = streamName(call.request.getOptions()!.getStreamIdentifier()!);
        this.cluster.log.softDelete(name);
        const response = new streams.DeleteResp();
        response.setNoPosition(new shared.Empty());
        callback(null, response);
      },
      tombstone: (
        call: grpc.ServerUnaryCall<streams.TombstoneReq, streams.TombstoneResp>,
        callback: grpc.sendUnaryData<streams.TombstoneResp>,
      ) => {
        const refused = this.leaderCheck(call.metadata, true);
        if (refused) return callback(refused);
        this.cluster.log.tombstone(streamName(call.request.getOptions()!.getStreamIdentifier()!));
        const response = new streams.TombstoneResp();
        response.setNoPosition(new shared.Empty());
        callback(null, response);
      },
    };
  }

  // ---- Read -------------------------------------------------------------------------------------------------

  private async read(call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>): Promise<void> {
    let ended = false;
    const waiters = new Set<() => void>();
    const wake = () => {
      const now = [...waiters];
      waiters.clear();
      for (const resolve of now) resolve();
    };
    const open: OpenCall = {
      end: (error) => {
        if (ended) return;
        ended = true;
        this.calls.delete(open);
        this.cluster.untrack(open);
        wake();
        // grpc-js sends an error status when the call emits 'error' (server-call.js); destroy() would not.
        if (error) call.emit('error', error);
        else call.end();
      },
    };
    this.calls.add(open);
    this.cluster.track(open);
    call.on('cancelled', () => {
      ended = true;
      this.calls.delete(open);
      this.cluster.untrack(open);
      wake();
    });
    const isOpen = () => !ended;
    const context: CallContext = {
      isOpen,
      wake,
      sleep: () => (ended ? Promise.resolve() : new Promise<void>((resolve) => waiters.add(resolve))),
    };
    try {
      const refused = this.leaderCheck(call.metadata, false);
      if (refused) return open.end(refused);
      const options = call.request.getOptions()!;
      const subscription =
        options.getCountOptionCase() === streams.ReadReq.Options.CountOptionCase.SUBSCRIPTION;
      if (options.getStreamOptionCase() === streams.ReadReq.Options.StreamOptionCase.STREAM) {
        if (subscription) await this.subscribeStream(call, options, context);
        else await this.readStream(call, options, isOpen);
      } else if (subscription) {
        await this.subscribeAll(call, options, context);
        return; // ends only on cancel, restart or role change
      } else {
        await this.readAll(call, options, isOpen);
      }
      open.end();
    } catch (error) {
      open.end(isServiceError(error) ? error : rpcError(grpc.status.UNKNOWN, String(error)));
    }
  }

  /** Writes with HTTP/2 flow control: waits for `drain` like the server's channel writer waits for the client. */
  private async send(
    call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>,
    response: streams.ReadResp,
    isOpen: () => boolean,
  ): Promise<boolean> {
    if (!isOpen()) return false;
    if (call.write(response)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        call.off('drain', done);
        call.off('cancelled', done);
        call.off('close', done);
        resolve();
      };
      call.on('drain', done);
      call.on('cancelled', done);
      call.on('close', done);
    });
    return isOpen();
  }

  private async readStream(
    call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>,
    options: streams.ReadReq.Options,
    isOpen: () => boolean,
  ): Promise<void> {
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier()!);
    const state = this.cluster.log.stream(name);
    // Enumerator.ReadStreamForwards.cs: ReadStreamResult.StreamDeleted → ReadResponseException.StreamDeleted.
    if (state.tombstoned) throw errors.streamDeleted(name);
    const events = state.events.filter((e) => this.visible(e));
    if (events.length === 0) {
      // ReadStreamResult.NoStream → a StreamNotFound message, then the call completes.
      const response = new streams.ReadResp();
      const notFound = new streams.ReadResp.StreamNotFound();
      notFound.setStreamIdentifier(stream.getStreamIdentifier());
      response.setStreamNotFound(notFound);
      await this.send(call, response, isOpen);
      return;
    }
    const forwards = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.FORWARDS;
    const count = BigInt(options.getCount());
    const revisionCase = stream.getRevisionOptionCase();
    const RevisionCase = streams.ReadReq.Options.StreamOptions.RevisionOptionCase;
    const from =
      revisionCase === RevisionCase.REVISION
        ? BigInt(stream.getRevision())
        : revisionCase === RevisionCase.END || (!forwards && revisionCase !== RevisionCase.START)
          ? events[events.length - 1]!.revision + (forwards ? 1n : 0n)
          : 0n;
    const selected = forwards
      ? events.filter((e) => e.revision >= from)
      : events.filter((e) => e.revision <= from).reverse();
    let sent = 0n;
    for (const record of selected) {
      if (sent >= count) break;
      if (!(await this.send(call, eventResponse(record, false), isOpen))) return;
      sent += 1n;
    }
  }

  private async readAll(
    call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>,
    options: streams.ReadReq.Options,
    isOpen: () => boolean,
  ): Promise<void> {
    const forwards = options.getReadDirection() === streams.ReadReq.Options.ReadDirection.FORWARDS;
    const count = BigInt(options.getCount());
    const log = this.cluster.log;
    const head = this.staleAt ?? log.writerCheckpoint;
    const start = allStart(options.getAll()!, forwards, head);
    if (!log.isValidReadPosition(start, forwards)) throw errors.invalidPositionRead();
    const filter = eventFilter(options);
    let sent = 0n;
    let inPage = 0;
    for (const record of log.readAll(start, forwards)) {
      if (sent >= count || !isOpen()) return;
      if (!this.visible(record)) {
        if (forwards) return;
        continue;
      }
      if (filter && !filter(record)) continue;
      if (!(await this.send(call, eventResponse(record, true), isOpen))) return;
      this.cluster.eventsSent += 1;
      sent += 1n;
      // The server reads a page at a time (ReadBatchSize), one message round trip each: yield between pages.
      if (++inPage >= this.cluster.readBatchSize) {
        inPage = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /**
   * A subscription to `$all` (Enumerator.AllSubscription.cs / AllSubscriptionFiltered.cs): confirmation, then
   * catch-up reads from the checkpoint skipping events at or before it, CaughtUp, then live events. A filtered
   * one also sends Checkpoint messages every `checkpointIntervalMultiplier × window` events it considered.
   */
  private async subscribeAll(
    call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>,
    options: streams.ReadReq.Options,
    context: CallContext,
  ): Promise<void> {
    const { isOpen } = context;
    const log = this.cluster.log;
    const all = options.getAll()!;
    const AllCase = streams.ReadReq.Options.AllOptions.AllOptionCase;
    const filter = eventFilter(options);
    const filterOptions = options.getFilter();
    const window =
      filterOptions?.getWindowCase() === streams.ReadReq.Options.FilterOptions.WindowCase.MAX
        ? filterOptions.getMax()
        : 32;
    const checkpointEvery = filter
      ? Math.max(1, (filterOptions!.getCheckpointintervalmultiplier() || 1) * window)
      : 0;
    let checkpoint: bigint | undefined =
      all.getAllOptionCase() === AllCase.POSITION
        ? BigInt(all.getPosition()!.getCommitPosition())
        : all.getAllOptionCase() === AllCase.END
          ? // The last indexed position (the confirmation's LastIndexedPosition): events after it are live.
            (log.records[log.records.length - 1]?.position ?? -1n)
          : undefined;
    if (checkpoint !== undefined && checkpoint >= 0n && !log.isValidReadPosition(checkpoint, true)) {
      throw errors.invalidPositionSubscription();
    }
    const confirmation = new streams.ReadResp();
    const confirmed = new streams.ReadResp.SubscriptionConfirmation();
    confirmed.setSubscriptionId(randomUUID());
    confirmation.setConfirmation(confirmed);
    if (!(await this.send(call, confirmation, isOpen))) return;

    let considered = 0;
    const deliver = async (record: LogEvent): Promise<boolean> => {
      if (checkpoint !== undefined && record.position <= checkpoint) return true;
      checkpoint = record.position;
      if (!filter || filter(record)) {
        if (!(await this.send(call, eventResponse(record, true), isOpen))) return false;
      }
      if (checkpointEvery > 0 && ++considered % checkpointEvery === 0) {
        const response = new streams.ReadResp();
        const message = new streams.ReadResp.Checkpoint();
        message.setCommitPosition(record.end.toString());
        message.setPreparePosition(record.end.toString());
        response.setCheckpoint(message);
        if (!(await this.send(call, response, isOpen))) return false;
      }
      return true;
    };

    // Catch up over the log, then switch to live in the same turn of the event loop: nothing can commit between
    // the last catch-up read and registering for live events.
    let index = checkpoint === undefined || checkpoint < 0n ? 0 : log.firstIndexFrom(checkpoint);
    while (index < log.records.length) {
      if (!(await deliver(log.records[index++]!))) return;
    }
    const live: LogEvent[] = [];
    const unsubscribe = log.onCommit((events) => {
      live.push(...events);
      context.wake();
    });
    const caughtUp = new streams.ReadResp();
    caughtUp.setCaughtUp(new streams.ReadResp.CaughtUp());
    try {
      if (!(await this.send(call, caughtUp, isOpen))) return;
      while (isOpen()) {
        const next = live.shift();
        if (next) {
          if (!(await deliver(next))) return;
          continue;
        }
        await context.sleep();
      }
    } finally {
      unsubscribe();
    }
  }

  /** Enumerator.StreamSubscription.cs: events after the given revision, CaughtUp, then live ones. */
  private async subscribeStream(
    call: grpc.ServerWritableStream<streams.ReadReq, streams.ReadResp>,
    options: streams.ReadReq.Options,
    context: CallContext,
  ): Promise<void> {
    const { isOpen } = context;
    const log = this.cluster.log;
    const stream = options.getStream()!;
    const name = streamName(stream.getStreamIdentifier()!);
    const RevisionCase = streams.ReadReq.Options.StreamOptions.RevisionOptionCase;
    const current = log.stream(name).events;
    let after: bigint =
      stream.getRevisionOptionCase() === RevisionCase.REVISION
        ? BigInt(stream.getRevision())
        : stream.getRevisionOptionCase() === RevisionCase.END
          ? (current[current.length - 1]?.revision ?? -1n)
          : -1n;
    const confirmation = new streams.ReadResp();
    const confirmed = new streams.ReadResp.SubscriptionConfirmation();
    confirmed.setSubscriptionId(randomUUID());
    confirmation.setConfirmation(confirmed);
    if (!(await this.send(call, confirmation, isOpen))) return;
    const pending = () => log.stream(name).events.filter((e) => e.revision > after);
    const unsubscribe = log.onCommit((events) => {
      if (events.some((e) => e.streamId === name)) context.wake();
    });
    let caughtUpSent = false;
    try {
      while (isOpen()) {
        for (const record of pending()) {
          if (!(await this.send(call, eventResponse(record, false), isOpen))) return;
          after = record.revision;
        }
        if (!caughtUpSent) {
          caughtUpSent = true;
          const caughtUp = new streams.ReadResp();
          caughtUp.setCaughtUp(new streams.ReadResp.CaughtUp());
          if (!(await this.send(call, caughtUp, isOpen))) return;
        }
        if (pending().length > 0) continue;
        await context.sleep();
      }
    } finally {
      unsubscribe();
    }
  }

  // ---- Append -----------------------------------------------------------------------------------------------

  /** Streams.Append.cs: options first, then proposed messages; the size check runs as messages arrive. */
  private async append(
    call: grpc.ServerReadableStream<streams.AppendReq, streams.AppendResp>,
    callback: grpc.sendUnaryData<streams.AppendResp>,
  ): Promise<void> {
    let options: streams.AppendReq.Options | undefined;
    const proposed: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    try {
      for await (const message of call as AsyncIterable<streams.AppendReq>) {
        if (failed) continue;
        if (message.hasOptions()) {
          options = message.getOptions()!;
          const refused = this.leaderCheck(call.metadata, true);
          if (refused) {
            failed = true;
            callback(refused);
          }
          continue;
        }
        const event = toProposed(message.getProposedMessage()!);
        size += sizeOnDisk(event.type, event.data, event.metadata);
        if (size > this.cluster.maxAppendSize) {
          failed = true;
          callback(errors.maxAppendSize(this.cluster.maxAppendSize));
          continue;
        }
        proposed.push(event);
      }
    } catch (error) {
      if (!failed) callback(isServiceError(error) ? error : rpcError(grpc.status.UNKNOWN, String(error)));
      return;
    }
    if (failed) return;
    const name = streamName(options!.getStreamIdentifier()!);
    const expected = expectedOfAppend(options!);
    const outcome = this.cluster.log.append(name, expected, proposed);
    const response = new streams.AppendResp();
    switch (outcome.kind) {
      case 'stream-deleted':
        return callback(errors.streamDeleted(name));
      case 'wrong-expected-version': {
        // Streams.Append.cs answers WrongExpectedVersion in the response, not as an RPC error.
        const wrong = new streams.AppendResp.WrongExpectedVersion();
        if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new shared.Empty());
        else wrong.setCurrentRevision(outcome.currentRevision.toString());
        if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
        else if (expected.kind === 'any') wrong.setExpectedAny(new shared.Empty());
        else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new shared.Empty());
        else wrong.setExpectedNoStream(new shared.Empty());
        response.setWrongExpectedVersion(wrong);
        return callback(null, response);
      }
      default: {
        const success = new streams.AppendResp.Success();
        success.setCurrentRevision(outcome.currentRevision.toString());
        const last = lastPosition(outcome);
        if (last === undefined) success.setNoPosition(new shared.Empty());
        else {
          const position = new streams.AppendResp.Position();
          position.setCommitPosition(last.toString());
          position.setPreparePosition(last.toString());
          success.setPosition(position);
        }
        response.setSuccess(success);
        return callback(null, response);
      }
    }
  }

  /** Streams.BatchAppend.cs: a bidirectional stream of requests by correlation id, one response each. */
  private batchAppend(call: grpc.ServerDuplexStream<streams.BatchAppendReq, streams.BatchAppendResp>): void {
    const pending = new Map<
      string,
      { options?: streams.BatchAppendReq.Options; events: ProposedEvent[]; size: number; failed: boolean }
    >();
    let ended = false;
    const open: OpenCall = {
      end: (error) => {
        if (ended) return;
        ended = true;
        this.calls.delete(open);
        // grpc-js sends an error status when the call emits 'error' (server-call.js); destroy() would not.
        if (error) call.emit('error', error);
        else call.end();
      },
    };
    // Not counted in openCalls: the client keeps one batch-append call open per connection by design.
    this.calls.add(open);
    call.on('cancelled', () => {
      ended = true;
      this.calls.delete(open);
    });
    call.on('end', () => open.end());
    call.on('data', (request: streams.BatchAppendReq) => {
      if (ended) return;
      const correlation = request.getCorrelationId()!;
      const id = correlation.getString();
      const entry = pending.get(id) ?? { events: [], size: 0, failed: false };
      pending.set(id, entry);
      if (request.hasOptions()) {
        entry.options = request.getOptions()!;
        const refused = this.leaderCheck(call.metadata, true);
        // Streams.BatchAppend.cs throws RpcExceptions.LeaderInfo for NotLeader: the whole call ends with it.
        if (refused) return open.end(refused);
      }
      const name = streamName(entry.options!.getStreamIdentifier()!);
      const respond = (fill: (response: streams.BatchAppendResp) => void) => {
        const response = new streams.BatchAppendResp();
        response.setCorrelationId(correlation);
        response.setStreamIdentifier(entry.options!.getStreamIdentifier());
        fill(response);
        call.write(response);
      };
      for (const message of request.getProposedMessagesList()) {
        const event = toProposed(message);
        entry.size += sizeOnDisk(event.type, event.data, event.metadata);
        entry.events.push(event);
      }
      if (entry.size > this.cluster.maxAppendSize && !entry.failed) {
        entry.failed = true;
        respond((r) =>
          r.setError(
            statusWith(
              3,
              `Maximum Append Size of ${this.cluster.maxAppendSize} Exceeded.`,
              (() => {
                const detail = new shared.MaximumAppendSizeExceeded();
                detail.setMaxappendsize(this.cluster.maxAppendSize);
                return pack(detail, 'event_store.client.MaximumAppendSizeExceeded');
              })(),
            ),
          ),
        );
      }
      if (!request.getIsFinal()) return;
      pending.delete(id);
      if (entry.failed) return;
      const expected = expectedOfBatch(entry.options!);
      const outcome = this.cluster.log.append(name, expected, entry.events);
      respond((response) => {
        if (outcome.kind === 'stream-deleted') {
          const detail = new shared.StreamDeleted();
          detail.setStreamIdentifier(entry.options!.getStreamIdentifier());
          response.setError(
            statusWith(
              9,
              `Event stream '${name}' is deleted.`,
              pack(detail, 'event_store.client.StreamDeleted'),
            ),
          );
        } else if (outcome.kind === 'wrong-expected-version') {
          const detail = new shared.WrongExpectedVersion();
          if (outcome.currentRevision === undefined) detail.setCurrentNoStream(new ProtoEmpty());
          else detail.setCurrentStreamRevision(outcome.currentRevision.toString());
          if (expected.kind === 'revision') detail.setExpectedStreamPosition(expected.revision.toString());
          else if (expected.kind === 'any') detail.setExpectedAny(new ProtoEmpty());
          else if (expected.kind === 'stream_exists') detail.setExpectedStreamExists(new ProtoEmpty());
          else detail.setExpectedNoStream(new ProtoEmpty());
          response.setError(
            statusWith(9, 'WrongExpectedVersion', pack(detail, 'event_store.client.WrongExpectedVersion')),
          );
        } else {
          const success = new streams.BatchAppendResp.Success();
          success.setCurrentRevision(outcome.currentRevision.toString());
          const last = lastPosition(outcome);
          if (last === undefined) success.setNoPosition(new ProtoEmpty());
          else {
            const position = new shared.AllStreamPosition();
            position.setCommitPosition(last.toString());
            position.setPreparePosition(last.toString());
            success.setPosition(position);
          }
          response.setSuccess(success);
        }
      });
    });
  }
}

function isServiceError(error: unknown): error is grpc.ServiceError {
  return error instanceof Error && typeof (error as grpc.ServiceError).code === 'number';
}

function pack(message: { serializeBinary(): Uint8Array }, typeName: string): Any {
  const any = new Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
}

function statusWith(code: number, message: string, details: Any): Status {
  const status = new Status();
  status.setCode(code);
  status.setMessage(message);
  status.setDetails(details);
  return status;
}

function lastPosition(outcome: AppendOutcome): bigint | undefined {
  if (outcome.kind === 'written') return outcome.events[outcome.events.length - 1]!.position;
  if (outcome.kind === 'idempotent') return outcome.lastPosition;
  return undefined;
}

const streamName = (identifier: shared.StreamIdentifier): string =>
  Buffer.from(identifier.getStreamName_asU8()).toString('utf8');

function toProposed(
  message: streams.AppendReq.ProposedMessage | streams.BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  const id = message.getId()!;
  return {
    eventId: id.hasString() ? id.getString().toLowerCase() : randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: Buffer.from(message.getData_asU8()),
    metadata: Buffer.from(message.getCustomMetadata_asU8()),
  };
}

function expectedOfAppend(options: streams.AppendReq.Options): ExpectedState {
  const Case = streams.AppendReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case Case.REVISION:
      return { kind: 'revision', revision: BigInt(options.getRevision()) };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

function expectedOfBatch(options: streams.BatchAppendReq.Options): ExpectedState {
  const Case = streams.BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case Case.STREAM_POSITION:
      return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}

/** Where a read of `$all` starts; END is the writer checkpoint (StorageReaderWorker.cs, TFPos.HeadOfTf). */
function allStart(all: streams.ReadReq.Options.AllOptions, forwards: boolean, head: bigint): bigint {
  const Case = streams.ReadReq.Options.AllOptions.AllOptionCase;
  switch (all.getAllOptionCase()) {
    case Case.POSITION:
      return BigInt(all.getPosition()!.getCommitPosition());
    case Case.END:
      return head;
    default:
      return forwards ? 0n : 0n;
  }
}

/**
 * The server-side filter (Grpc/Streams.Read.cs ConvertToEventFilter, ReaderIndex/EventFilter.cs): on stream
 * name or event type, by prefixes (any) or by a regex (unanchored match), when the regex is empty by prefixes.
 */
function eventFilter(options: streams.ReadReq.Options): ((record: LogEvent) => boolean) | undefined {
  if (options.getFilterOptionCase() !== streams.ReadReq.Options.FilterOptionCase.FILTER) return undefined;
  const filter = options.getFilter()!;
  const onStream =
    filter.getFilterCase() === streams.ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER;
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const field = (record: LogEvent) => (onStream ? record.streamId : record.type);
  if (expression.getRegex()) {
    const regex = new RegExp(expression.getRegex(), 'u');
    return (record) => regex.test(field(record));
  }
  const prefixes = expression.getPrefixList();
  return (record) => prefixes.some((p) => field(record).startsWith(p));
}

/** ReadResp for one event (Streams.Read.cs ConvertToReadEvent): positions on $all and, since 22.6, on streams. */
function eventResponse(record: LogEvent, fromAll: boolean): streams.ReadResp {
  const recorded = new streams.ReadResp.ReadEvent.RecordedEvent();
  const id = new shared.UUID();
  id.setString(record.eventId);
  recorded.setId(id);
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(Buffer.from(record.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(record.revision.toString());
  recorded.setCommitPosition(record.position.toString());
  recorded.setPreparePosition(record.position.toString());
  recorded.getMetadataMap().set('type', record.type);
  recorded.getMetadataMap().set('content-type', record.contentType);
  recorded.getMetadataMap().set('created', record.created.toString());
  recorded.setData(record.data);
  recorded.setCustomMetadata(record.metadata);
  const event = new streams.ReadResp.ReadEvent();
  event.setEvent(recorded);
  if (fromAll) event.setCommitPosition(record.position.toString());
  else event.setNoPosition(new shared.Empty());
  const response = new streams.ReadResp();
  response.setEvent(event);
  return response;
}

/**
 * The double: a leader node (and, after `stepDown()`, a second node that took over) over one shared log.
 * `connectionString` names the first node; the client follows NotLeader answers to the leader.
 */
export class EsdbDouble {
  readonly log: TransactionLog;
  readonly maxAppendSize: number;
  readonly readBatchSize: number;
  private readonly nodes: DoubleNode[] = [];
  private readonly open = new Set<OpenCall>();

  private constructor(private readonly options: EsdbDoubleOptions) {
    this.log = new TransactionLog(options);
    this.maxAppendSize = options.maxAppendSize ?? 1_048_576;
    this.readBatchSize = options.readBatchSize ?? 32;
  }

  static async start(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
    const double = new EsdbDouble(options);
    const node = new DoubleNode(double, 'leader');
    await node.listen();
    double.nodes.push(node);
    return double;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.nodes[0]!.port}?tls=false`;
  }

  /** Events sent by reads of `$all` (not subscriptions) since the start: shows where filtering happens. */
  eventsSent = 0;

  /** Read and subscription calls the double is serving now (a read the client never cancelled stays counted). */
  get openCalls(): number {
    return this.open.size;
  }

  leader(): DoubleNode {
    return this.nodes.find((n) => n.role === 'leader')!;
  }

  supportedMethods(): SupportedMethods {
    const methods = new SupportedMethods();
    methods.setEventStoreServerVersion('24.10.0');
    const names = [
      'read',
      'append',
      'delete',
      'tombstone',
      ...(this.options.batchAppend === false ? [] : ['batchappend']),
    ];
    methods.setMethodsList(
      names.map((name) => {
        const method = new SupportedMethod();
        method.setServiceName('event_store.client.streams.streams');
        method.setMethodName(name);
        return method;
      }),
    );
    return methods;
  }

  /**
   * The leader steps down: a new node takes over on another port, sharing the log. The old node keeps serving
   * reads that do not require the leader from the log as it stood (stale), answers writes with NotLeader, and
   * drops its subscriptions (a role change ends them on a real node too).
   */
  async stepDown(): Promise<void> {
    const old = this.leader();
    const next = new DoubleNode(this, 'leader');
    await next.listen();
    this.nodes.push(next);
    old.role = 'follower';
    old.staleAt = this.log.writerCheckpoint;
    old.dropCalls(errors.notLeader('127.0.0.1', next.port));
  }

  /** Restarts every node on its port: open calls end (UNAVAILABLE), the in-memory id cache is gone. */
  async restart(): Promise<void> {
    for (const node of this.nodes) await node.shutdown();
    this.log.restart();
    for (const node of this.nodes) await node.listen(node.port);
  }

  async stop(): Promise<void> {
    for (const node of this.nodes) await node.shutdown();
  }

  track(call: OpenCall): void {
    this.open.add(call);
  }

  untrack(call: OpenCall): void {
    this.open.delete(call);
  }
}
