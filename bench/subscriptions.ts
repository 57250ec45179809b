/**
 * Delivery of a saved subscription (SubscriptionDelivery: signed per Standard Webhooks, node:http transport with
 * the address guard at every connection) against its peer, a configured `webhook` sink target (same SinkRunner
 * machinery, fetch, unsigned), in the same run: the same store, the same filter (none), the same concurrency, each
 * to its own local receiver. Also the cost of one signature.
 *
 *   npx tsx bench/subscriptions.ts [--events 2000] [--subscription-first] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EVENT_EXAMPLES } from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import {
  parseSinkTargets,
  SinkRunner,
  SqliteSinkStateStore,
  SqliteSubscriptionStore,
  SubscriptionDelivery,
  generateWebhookSecret,
  webhookHeaders,
} from '@gongkai/sinks';
import { RecordingReceiver } from '../libs/sinks/src/testing/recording-receiver';
import { fmtRate, nowMs } from './lib/stats';

const args = process.argv.slice(2);
const eventsArg = args.indexOf('--events');
const EVENTS = eventsArg >= 0 ? Number(args[eventsArg + 1]) : 2_000;
const STREAMS = 100;
const CONCURRENCY = 2;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongkai-bench-subscriptions-'));
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite') });
  const receivers = await Promise.all([RecordingReceiver.start(), RecordingReceiver.start()]);
  try {
    for (let i = 0; i < EVENTS; i++) {
      const example = EVENT_EXAMPLES[i % EVENT_EXAMPLES.length]!;
      await store.append(`bench-${i % STREAMS}`, [
        {
          id: crypto.randomUUID(),
          type: example.type,
          data: example.data,
          metadata: { ...example.metadata, schemaVersion: example.schemaVersion },
        },
      ]);
    }
    const head = await store.headPosition();
    const retry = { initialDelayMs: 10, maxDelayMs: 100, maxAttempts: 8 };

    const runConfigured = async (): Promise<{ delivered: number; ms: number }> => {
      const targetState = SqliteSinkStateStore.open({ path: path.join(dir, 'sinks.sqlite') });
      const runner = new SinkRunner({
        eventStore: store,
        state: targetState,
        parkedSyncIntervalMs: 0,
        targets: parseSinkTargets([
          { name: 'configured', kind: 'webhook', url: receivers[0]!.url, concurrency: CONCURRENCY, retry },
        ]),
      });
      const started = nowMs();
      await runner.start();
      await waitSettled(() => runner.targetStatus('configured'), head);
      const ms = nowMs() - started;
      const { delivered } = await runner.targetStatus('configured');
      await runner.stop();
      await targetState.close();
      return { delivered, ms };
    };
    const runSubscription = async (): Promise<{ delivered: number; ms: number }> => {
      const subscriptions = SqliteSubscriptionStore.open({ path: path.join(dir, 'subscriptions.sqlite') });
      const state = SqliteSinkStateStore.open({ path: path.join(dir, 'subscriptions.sqlite') });
      const saved = subscriptions.create(
        {
          ownerTokenId: 'bench',
          ownerSubject: 'bench',
          url: receivers[1]!.url,
          filter: {},
          startPosition: 0,
          secret: generateWebhookSecret(),
        },
        { perToken: 10, total: 10 },
      );
      const delivery = new SubscriptionDelivery({
        eventStore: store,
        subscriptions,
        state,
        policy: { allowedNetworks: ['127.0.0.1/32'] },
        settings: { concurrency: CONCURRENCY, retry },
        syncIntervalMs: 0,
        parkedSyncIntervalMs: 0,
      });
      const started = nowMs();
      await delivery.start();
      await waitSettled(async () => (await delivery.status(saved.id))!, head);
      const ms = nowMs() - started;
      const { delivered } = (await delivery.status(saved.id))!;
      await delivery.stop();
      await state.close();
      subscriptions.close();
      return { delivered, ms };
    };
    // Whichever runs first also warms the process up: --subscription-first swaps them.
    let peer: { delivered: number; ms: number };
    let sub: { delivered: number; ms: number };
    if (args.includes('--subscription-first')) {
      sub = await runSubscription();
      peer = await runConfigured();
    } else {
      peer = await runConfigured();
      sub = await runSubscription();
    }
    const [configured, configuredMs, subscribed, subscriptionMs] = [
      peer.delivered,
      peer.ms,
      sub.delivered,
      sub.ms,
    ];
    // One signature of a typical document.
    const body = receivers[1]!.accepted[0]!.body;
    const secret = generateWebhookSecret();
    const rounds = 20_000;
    const started = nowMs();
    for (let i = 0; i < rounds; i++) webhookHeaders([secret], 'id', body);
    const signUs = ((nowMs() - started) * 1000) / rounds;

    const figures = {
      events: EVENTS,
      concurrency: CONCURRENCY,
      configuredWebhook: { delivered: configured, perSecond: (configured * 1000) / configuredMs },
      subscription: { delivered: subscribed, perSecond: (subscribed * 1000) / subscriptionMs },
      signatureMicroseconds: signUs,
      bodyBytes: Buffer.byteLength(body),
    };
    if (args.includes('--json')) console.log(JSON.stringify(figures));
    log(
      `${EVENTS} events, ${CONCURRENCY} in flight: configured webhook target ${fmtRate(figures.configuredWebhook.perSecond)}/s ` +
        `(${configured} delivered), saved subscription (signed, guarded) ${fmtRate(figures.subscription.perSecond)}/s ` +
        `(${subscribed} delivered); one signature of a ${figures.bodyBytes}-byte document: ${signUs.toFixed(1)} µs`,
    );
  } finally {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitSettled(status: () => Promise<{ checkpoint: number }>, head: number): Promise<void> {
  for (;;) {
    if ((await status()).checkpoint >= head) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

void main();
