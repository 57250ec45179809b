import { unknownFields } from './parse';

describe('unknownFields', () => {
  it('names each field of the input the parsed output lacks, by dotted path, in the order of the input', () => {
    const input = {
      a: 1,
      typo: 'x',
      nested: { keep: true, extra: null, deeper: { gone: [1] } },
      list: [{ ok: 1, bad: 2 }, { ok: 1 }, { beyond: 'output' }],
      skipped: undefined,
      mismatch: [1, 2],
      2: 'numeric key',
    };
    const output = {
      a: 1,
      nested: { keep: true, deeper: {} },
      list: [{ ok: 1 }, { ok: 1 }],
      mismatch: { 0: 1 },
    };
    expect(unknownFields(input, output, ['data'])).toEqual([
      'data.2',
      'data.typo',
      'data.nested.extra',
      'data.nested.deeper.gone',
      'data.list.0.bad',
    ]);
    expect(unknownFields(input, output)).toContain('nested.extra');
    expect(unknownFields([{ a: 1 }], [{}])).toEqual(['0.a']);
    expect(unknownFields('text', {})).toEqual([]);
    expect(unknownFields({ a: 1 }, [1])).toEqual([]);
    const path = ['metadata'];
    unknownFields({ x: { y: 1 } }, { x: {} }, path);
    expect(path).toEqual(['metadata']);
  });
});
