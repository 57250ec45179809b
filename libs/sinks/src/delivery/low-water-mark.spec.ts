import fc from 'fast-check';
import { LowWaterMark } from './low-water-mark';

describe('LowWaterMark', () => {
  it('moves only over a contiguous prefix of settled positions', () => {
    const mark = new LowWaterMark(10);
    for (const position of [11, 12, 15, 20]) mark.read(position);
    expect(mark.settle(12)).toBeUndefined();
    expect(mark.value).toBe(10);
    expect(mark.settle(11)).toBe(12);
    expect(mark.prospective(20)).toBe(12);
    expect(mark.prospective(15, 20)).toBe(20);
    expect(mark.value).toBe(12);
    expect(mark.settle(20)).toBeUndefined();
    expect(mark.outstanding).toBe(1);
    expect(mark.settle(15)).toBe(20);
    expect(mark.outstanding).toBe(0);
  });

  it('refuses positions read out of order', () => {
    const mark = new LowWaterMark(5);
    expect(() => mark.read(5)).toThrow(/out of order/);
    mark.read(7);
    expect(() => mark.read(6)).toThrow(/out of order/);
  });

  it('never passes an unsettled position, whatever the settle order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 60 }),
        fc.func(fc.integer()),
        (positions, rank) => {
          const sorted = [...positions].sort((x, y) => x - y);
          const mark = new LowWaterMark(0);
          for (const position of sorted) mark.read(position);
          const order = [...sorted].sort((x, y) => rank(x) - rank(y) || x - y);
          const settled = new Set<number>();
          for (const position of order) {
            const expected = mark.prospective(position);
            mark.settle(position);
            settled.add(position);
            expect(mark.value).toBe(expected);
            const firstUnsettled = sorted.find((p) => !settled.has(p));
            if (firstUnsettled !== undefined) expect(mark.value).toBeLessThan(firstUnsettled);
            else expect(mark.value).toBe(sorted.at(-1));
          }
        },
      ),
    );
  });
});
