import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exampleEvent, streamIdFor } from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import { SqliteSinkStateStore } from '@gongkai/sinks';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { runCliAsync } from './run-cli';

/**
 * `gongkai dead-letters` over a real sink state file and event store, retrying against a real HTTP receiver.
 */

// The first case runs the CLI six times, each a tsx start of its own (about 15 s each on a busy two-core
// machine, where it overran jest's default 60 s); each run is still bounded by run-cli's own 60 s.
jest.setTimeout(360_000);

describe('gongkai dead-letters', () => {
  let dataDir: string;
  let receiver: RecordingReceiver;
  let targetsFile: string;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-dl-'));
    receiver = await RecordingReceiver.start();
    targetsFile = path.join(dataDir, 'targets.json');
    writeFileSync(
      targetsFile,
      JSON.stringify([
        {
          name: 'province',
          kind: 'provincial-platform',
          url: `${receiver.url}/push`,
          regions: ['32'],
          platformCode: 'JSGGZY',
          pubServicePlatCode: 'QGGGZY',
        },
      ]),
    );
    // Two events of two streams, each dead-lettered for the province target.
    const store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
    const state = SqliteSinkStateStore.open({ path: path.join(dataDir, 'sinks.sqlite') });
    try {
      for (const domain of ['engineering', 'procurement'] as const) {
        const event = exampleEvent('AnnouncementPublished', domain);
        const streamId = streamIdFor(event);
        const { events } = await store.append(streamId, [
          {
            id: event.id,
            type: event.type,
            data: event.data,
            metadata: { ...event.metadata, schemaVersion: 1 },
          },
        ]);
        const recorded = events[0]!;
        await state.recordDeadLetter(
          'province',
          {
            ref: { streamId, position: recorded.position, eventId: recorded.id, eventType: recorded.type },
            reason: 'rejected',
            attempts: 1,
            httpStatus: 400,
            error: 'HTTP 400: field TENDER_PROJECT_CODE rejected',
          },
          { source: 'live', checkpoint: recorded.position },
        );
      }
    } finally {
      await state.close();
      await store.close();
    }
  });

  afterEach(async () => {
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists open dead letters, retries one to delivery, discards the other with a note', async () => {
    const listed = await runCliAsync(['--data-dir', dataDir, 'dead-letters', 'list', '--json']);
    expect(listed.status).toBe(0);
    const open = JSON.parse(listed.stdout) as { id: number; status: string; streamId: string }[];
    expect(open.map((d) => d.status)).toEqual(['open', 'open']);
    const table = await runCliAsync(['--data-dir', dataDir, 'dead-letters', 'list']);
    expect(table.stdout).toContain('HTTP 400: field TENDER_PROJECT_CODE');

    const retried = await runCliAsync([
      '--data-dir',
      dataDir,
      'dead-letters',
      'retry',
      String(open[0]!.id),
      '--targets',
      targetsFile,
      '--note',
      '字段已修正',
    ]);
    expect(retried.stderr).toBe('');
    expect(retried.status).toBe(0);
    expect(retried.stdout).toContain(`dead letter ${open[0]!.id} (${open[0]!.streamId}`);
    expect(retried.stdout).toContain('delivered');
    expect(receiver.accepted).toHaveLength(1);

    const discarded = await runCliAsync(
      ['--data-dir', dataDir, 'dead-letters', 'discard', String(open[1]!.id), '--note', '平台不收此类公告'],
      {
        GONGKAI_SINK_TARGETS_FILE: targetsFile,
      },
    );
    expect(discarded.status).toBe(0);
    const all = JSON.parse(
      (await runCliAsync(['--data-dir', dataDir, 'dead-letters', 'list', '--status', 'all', '--json']))
        .stdout,
    ) as { status: string; note: string }[];
    expect(all.map((d) => [d.status, d.note])).toEqual([
      ['delivered', '字段已修正'],
      ['discarded', '平台不收此类公告'],
    ]);

    const again = await runCliAsync([
      '--data-dir',
      dataDir,
      'dead-letters',
      'discard',
      String(open[1]!.id),
      '--note',
      'x',
      '--targets',
      targetsFile,
    ]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('is discarded, not open');
    // Five CLI runs, each a cold tsx start: on a loaded CI machine one can take 15 s or more.
  }, 300_000);

  it('a retry that still fails exits 1 and keeps the dead letter open', async () => {
    receiver.reject(() => true, 400);
    const retried = await runCliAsync([
      '--data-dir',
      dataDir,
      'dead-letters',
      'retry',
      '--all',
      '--targets',
      targetsFile,
    ]);
    expect(retried.status).toBe(1);
    expect(retried.stderr).toContain('still fail');
    const open = JSON.parse(
      (await runCliAsync(['--data-dir', dataDir, 'dead-letters', 'list', '--json'])).stdout,
    ) as { attempts: number }[];
    expect(open.map((d) => d.attempts)).toEqual([2, 2]);
  });

  it('says what is missing: the targets for a retry, an id or --all', async () => {
    const noTargets = await runCliAsync(['--data-dir', dataDir, 'dead-letters', 'retry', '1']);
    expect(noTargets.status).toBe(2);
    expect(noTargets.stderr).toContain('needs the sink targets');
    const neither = await runCliAsync([
      '--data-dir',
      dataDir,
      'dead-letters',
      'retry',
      '--targets',
      targetsFile,
    ]);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toContain('Give a dead letter id or --all');
    const noState = await runCliAsync([
      'dead-letters',
      'list',
      '--state',
      path.join(dataDir, 'missing.sqlite'),
    ]);
    expect(noState.status).toBe(2);
    expect(noState.stderr).toContain('No sink state at');
  });
});
