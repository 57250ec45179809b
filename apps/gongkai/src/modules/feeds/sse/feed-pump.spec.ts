import { FeedPump } from './feed-pump';

const PAGE = 256 * 1024;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Pages served from the page cache cost almost nothing to hand out, so an 8 ms slice could hand out the
 * whole byte budget (16 MiB) in one turn; their socket writes then run in that same turn (on loopback each
 * write also runs the receiver's TCP path), and `/health` waited hundreds of milliseconds behind 400
 * replaying clients. The pump must also yield after `sliceBytes` handed out.
 */
describe('FeedPump', () => {
  it('hands out at most about sliceBytes per event-loop turn, however cheap the pages', async () => {
    const pump = new FeedPump({ bufferBytes: 64 * PAGE, sliceMs: 60_000, sliceBytes: 4 * PAGE });
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const handedOutPerTurn = new Map<number, number>();
    const releases: Array<() => void> = [];
    const pages = Array.from({ length: 40 }, () =>
      pump.run(async () => {
        handedOutPerTurn.set(turn, (handedOutPerTurn.get(turn) ?? 0) + PAGE);
        releases.push(pump.hold(PAGE));
      }),
    );
    await Promise.all(pages);
    ticking = false;
    for (const release of releases) release();
    expect(Math.max(...handedOutPerTurn.values())).toBeLessThanOrEqual(4 * PAGE);
    expect(handedOutPerTurn.size).toBeGreaterThanOrEqual(10);
  });

  it('still waits for the held bytes to fall under bufferBytes', async () => {
    const pump = new FeedPump({ bufferBytes: 2 * PAGE, sliceMs: 8, sliceBytes: 64 * PAGE });
    const releases: Array<() => void> = [];
    let ran = 0;
    const pages = Array.from({ length: 4 }, () =>
      pump.run(async () => {
        ran += 1;
        releases.push(pump.hold(PAGE));
      }),
    );
    for (let i = 0; i < 50; i++) await nextTurn();
    expect(ran).toBe(2);
    releases.shift()!();
    await pages[2];
    expect(ran).toBe(3);
    for (const release of releases.splice(0)) release();
    await Promise.all(pages);
    expect(ran).toBe(4);
  });
});
