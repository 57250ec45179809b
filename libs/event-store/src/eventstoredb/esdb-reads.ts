import type { ClientReadableStream } from '@grpc/grpc-js';
import type { AllStreamResolvedEvent, EventStoreDBClient, StreamingRead } from '@eventstore/db-client';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils';
import type { AllFilter } from '../event-store.port';

/**
 * Reads of `$all` with a server-side filter. Client 6.2.1's `readAll` always sends `no_filter` although the
 * server filters reads (Streams.Read.cs: ReadAllForwardsFiltered / ReadAllBackwardsFiltered); this builds the
 * same request with a filter, through the client's own channel, leader handling and error conversion (its
 * protected `GRPCStreamCreator` and `callArguments`, pinned by the exact client version in package.json).
 */

interface ClientInternals {
  GRPCStreamCreator: <C, T>(
    client: new (...args: never[]) => C,
    debugName: string,
    creator: (client: C) => T,
  ) => () => Promise<T>;
  callArguments: (options: { requiresLeader?: boolean }, callOptions?: { deadline?: number }) => unknown[];
}

/** Where a server read of `$all` starts: an end, or a position (commit = prepare for gRPC-written events). */
export type ServerStart = 'start' | 'end' | bigint;

/** The filter the server applies: one of stream prefixes or an event type regex (never both). */
export type ServerFilter = { on: 'stream'; prefixes: string[] } | { on: 'type'; regex: string };

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The part of a port filter the server can apply. EventStoreDB filters on stream names or on event types, not
 * both: with both, stream prefixes go to the server and the types are checked here (matchesFilter). Without a
 * filter, system events (`$` types) are left out on the server, as the client's `excludeSystemEvents` does.
 */
export function serverFilterOf(filter: AllFilter | undefined): ServerFilter {
  const streamPrefixes = filter?.streamPrefixes ?? [];
  if (streamPrefixes.length > 0) return { on: 'stream', prefixes: [...streamPrefixes] };
  const types = filter?.eventTypes ?? [];
  const typePrefixes = filter?.eventTypePrefixes ?? [];
  if (types.length + typePrefixes.length > 0) {
    const alternatives = [
      ...types.map((t) => `^${escapeRegex(t)}$`),
      ...typePrefixes.map((p) => `^${escapeRegex(p)}`),
    ];
    return { on: 'type', regex: alternatives.join('|') };
  }
  return { on: 'type', regex: '^[^$]' };
}

export function filteredReadAll(
  client: EventStoreDBClient,
  options: { direction: 'forwards' | 'backwards'; from: ServerStart; count: number; filter: ServerFilter },
): StreamingRead<AllStreamResolvedEvent> {
  const request = new ReadReq();
  const readOptions = new ReadReq.Options();
  const uuid = new ReadReq.Options.UUIDOption();
  uuid.setString(new Empty());
  const all = new ReadReq.Options.AllOptions();
  if (options.from === 'start') all.setStart(new Empty());
  else if (options.from === 'end') all.setEnd(new Empty());
  else {
    const position = new ReadReq.Options.Position();
    position.setCommitPosition(options.from.toString(10));
    position.setPreparePosition(options.from.toString(10));
    all.setPosition(position);
  }
  readOptions.setAll(all);
  readOptions.setResolveLinks(false);
  readOptions.setCount(String(options.count));
  readOptions.setUuidOption(uuid);
  readOptions.setReadDirection(
    options.direction === 'forwards'
      ? ReadReq.Options.ReadDirection.FORWARDS
      : ReadReq.Options.ReadDirection.BACKWARDS,
  );
  const expression = new ReadReq.Options.FilterOptions.Expression();
  const filter = new ReadReq.Options.FilterOptions();
  if (options.filter.on === 'stream') {
    expression.setPrefixList(options.filter.prefixes);
    filter.setStreamIdentifier(expression);
  } else {
    expression.setRegex(options.filter.regex);
    filter.setEventType(expression);
  }
  // No search window: the read returns `count` matching events or stops at the end of `$all`.
  filter.setCount(new Empty());
  filter.setCheckpointintervalmultiplier(1);
  readOptions.setFilter(filter);
  request.setOptions(readOptions);
  const internals = client as unknown as ClientInternals;
  // Reads go to the leader: a follower may be behind, and its `$all` tip is not the one appends extend.
  const createStream = internals.GRPCStreamCreator(StreamsClient, 'readAll', (streamsClient: StreamsClient) =>
    streamsClient.read(
      request,
      ...(internals.callArguments({ requiresLeader: true }, { deadline: Infinity }) as [never, never]),
    ),
  ) as () => Promise<ClientReadableStream<ReadResp>>;
  return new ReadStream(createStream, convertGrpcEvent, {});
}

/**
 * Collects what a read yields until `take` says stop, then cancels the gRPC call (a destroyed reader does not
 * cancel it: the server would keep the call open, blocked on flow control, and the client's `dispose` would
 * wait for it forever). The stream keeps flowing into a data listener, so whatever the server already sent
 * is drained and the call completes.
 */
export function collect<E>(read: StreamingRead<E>, take: (event: E) => 'more' | 'stop'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      if (error === undefined) resolve();
      else reject(error);
    };
    read.on('data', (event: E) => {
      if (done) return;
      let verdict: 'more' | 'stop';
      try {
        verdict = take(event);
      } catch (error) {
        finish(error);
        void read.cancel();
        return;
      }
      if (verdict === 'stop') {
        finish();
        void read.cancel();
      }
    });
    read.on('error', (error: Error) => finish(error));
    read.on('end', () => finish());
  });
}
