import { StreamStateCache } from './stream-state-cache';

const snapshot = (revision: number, ids: string[] = []) => ({
  revision,
  state: { revision },
  eventIds: new Set(ids),
});

describe('StreamStateCache', () => {
  it('answers a snapshot only at exactly the revision asked for', () => {
    const cache = new StreamStateCache();
    cache.remember('txn-A', snapshot(3, ['e1']));
    expect(cache.at('txn-A', 3)?.state).toEqual({ revision: 3 });
    expect(cache.at('txn-A', 4)).toBeUndefined();
    expect(cache.at('txn-A', 2)).toBeUndefined();
    expect(cache.at('txn-B', 3)).toBeUndefined();
  });

  it('keeps the newer snapshot when appends finish out of order', () => {
    const cache = new StreamStateCache();
    cache.remember('txn-A', snapshot(5));
    cache.remember('txn-A', snapshot(4));
    expect(cache.at('txn-A', 5)).toBeDefined();
    expect(cache.at('txn-A', 4)).toBeUndefined();
  });

  it('drops the least recently used stream beyond its capacity', () => {
    const cache = new StreamStateCache(2);
    cache.remember('txn-A', snapshot(0));
    cache.remember('txn-B', snapshot(0));
    cache.at('txn-A', 0); // A is now more recent than B
    cache.remember('txn-C', snapshot(0));
    expect(cache.size).toBe(2);
    expect(cache.at('txn-B', 0)).toBeUndefined();
    expect(cache.at('txn-A', 0)).toBeDefined();
    expect(cache.at('txn-C', 0)).toBeDefined();
  });
});
