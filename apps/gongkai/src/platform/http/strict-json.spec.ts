import { Problem } from './problem';
import { duplicateKeys, parseStrictJson } from './strict-json';

/** The problem a body is refused with: its type and the field pointers it names, in order. */
function refusal(text: string | Buffer): { type: string; fields: string[] } {
  try {
    parseStrictJson(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    const errors = (error.extensions['errors'] ?? []) as { field: string }[];
    return { type: error.type, fields: errors.map((e) => e.field) };
  }
  throw new Error('the body was accepted');
}

describe('parseStrictJson', () => {
  it('answers the value of a valid body, and undefined for an empty one', () => {
    const body = { a: [1, { b: 'x\\y"z' }], c: { d: null, e: true }, f: '中文' };
    expect(parseStrictJson(Buffer.from(JSON.stringify(body)))).toEqual(body);
    expect(parseStrictJson(Buffer.alloc(0))).toBeUndefined();
    // An escaped backslash before "u0000" is text, not a NUL.
    expect(parseStrictJson(Buffer.from('{"a":"\\\\u0000"}'))).toEqual({ a: '\\u0000' });
  });

  it('names every repeated key by its pointer, however deep and however spelt', () => {
    expect(duplicateKeys('{"a":1,"a":2}')).toEqual(['/a']);
    expect(duplicateKeys('{"x":[{"a":1},{"b":{"c":1, "c" :2}}],"y":{"a":1}}')).toEqual(['/x/1/b/c']);
    expect(duplicateKeys('{ "a/b" : { "~" : 1 , "\\u007e" : 2 } }')).toEqual(['/a~1b/~0']);
    expect(duplicateKeys('[[],[{"k":"{\\"k\\":1}","k":[]}]]')).toEqual(['/1/0/k']);
    expect(duplicateKeys('{"a":{"b":1},"c":{"b":1},"a":0}')).toEqual(['/a']);
    expect(duplicateKeys('{"a":"b","c":"a"}')).toEqual([]);
    expect(refusal('{"data":{"x":1,"y":[{"z":1,"z":2}],"x":3}}')).toEqual({
      type: 'validation-failed',
      fields: ['/body/data/y/0/z', '/body/data/x'],
    });
  });

  it('refuses NUL in values and keys and __proto__ keys, naming each, and nothing else', () => {
    expect(refusal('{"a":["ok","x\\u0000"],"b":{"__proto__":{"c":"\\u0000"}},"d\\u0000":1}')).toEqual({
      type: 'validation-failed',
      fields: ['/body/a/1', '/body/b/__proto__', '/body/d\u0000'],
    });
    expect(refusal('{"\\u005f_proto__":1}').fields).toEqual(['/body/__proto__']);
    expect(refusal('{"2":"\\u0000","1":"\\u0000"}').fields).toEqual(['/body/1', '/body/2']);
  });

  it('refuses invalid UTF-8 and invalid JSON as malformed', () => {
    expect(refusal(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])).type).toBe(
      'malformed-request',
    );
    expect(refusal('{"a":1,}').type).toBe('malformed-request');
  });
});
