import { Problem, validationProblem, type FieldError } from './problem';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** JSON pointer escaping (RFC 6901). */
const pointer = (path: readonly string[]): string =>
  `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/** One open container while scanning: its keys so far (objects only), the key or index now open in it. */
interface Frame {
  keys: Set<string> | undefined;
  key: string;
  index: number;
}

/** What one pass over a JSON text found: repeated keys, and whether `hostileValues` must look at the value. */
interface Scan {
  duplicates: string[];
  /** A `__proto__` key, or a string holding the escape `\u0000`: a NUL or a `__proto__` may be in the value. */
  suspect: boolean;
}

const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * One pass over a valid JSON text, allocating only the keys of objects (a path is built only for a repeated
 * key): on every write, this runs over the whole body beside `JSON.parse`.
 */
function scanJson(text: string): Scan {
  const duplicates: string[] = [];
  let suspect = false;
  const stack: Frame[] = [];
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      let escaped = false;
      while (i < length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 0x22) break;
        i++;
      }
      const end = i;
      i++;
      if (escaped && !suspect && text.slice(start, end).includes('\\u0000')) suspect = true;
      const top = stack[stack.length - 1];
      if (!top?.keys) continue;
      // A string is a key when the next non-space character is a colon.
      let j = i;
      while (j < length && isJsonSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 0x3a /* : */) continue;
      const key = escaped ? (JSON.parse(text.slice(start, end + 1)) as string) : text.slice(start + 1, end);
      if (key === '__proto__') suspect = true;
      if (top.keys.has(key)) duplicates.push(pointerOf(stack, key));
      top.keys.add(key);
      top.key = key;
      continue;
    }
    if (c === 0x7b /* { */) stack.push({ keys: new Set(), key: '', index: 0 });
    else if (c === 0x5b /* [ */) stack.push({ keys: undefined, key: '', index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
    }
    i++;
  }
  return { duplicates, suspect };
}

/** The pointer of `key` in the innermost open object: each enclosing container's open key or index. */
function pointerOf(stack: readonly Frame[], key: string): string {
  const path: string[] = [];
  for (let k = 0; k < stack.length - 1; k++) {
    const frame = stack[k]!;
    path.push(frame.keys ? frame.key : String(frame.index));
  }
  path.push(key);
  return pointer(path);
}

/**
 * Keys that appear twice in one object of a JSON text, as pointers. `JSON.parse` keeps the last one silently;
 * a publisher that sent two values must learn which one it meant is unknown. Assumes `text` is valid JSON.
 */
export function duplicateKeys(text: string): string[] {
  return scanJson(text).duplicates;
}

/** `__proto__` keys (which would set a prototype wherever the object is copied) and NUL characters in strings. */
function hostileValues(value: unknown, path: string[], errors: FieldError[]): void {
  if (errors.length >= 100) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) errors.push({ field: pointer(path), message: 'contains a NUL character' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => hostileValues(item, [...path, String(index)], errors));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') {
        errors.push({ field: pointer([...path, key]), message: 'unknown field' });
        continue;
      }
      if (key.includes('\u0000'))
        errors.push({ field: pointer([...path, key]), message: 'key contains a NUL character' });
      hostileValues((value as Record<string, unknown>)[key], [...path, key], errors);
    }
  }
}

/**
 * The request body as JSON, refusing what `JSON.parse` would let through silently: invalid UTF-8 (replaced
 * by U+FFFD otherwise), duplicate keys (the last would win), NUL characters, and `__proto__` keys. Every
 * failure is a 400 problem; field errors name `/body/...` pointers.
 */
export function parseStrictJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new Problem('malformed-request', 'The body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Problem('malformed-request', `The body is not valid JSON: ${(error as Error).message}`);
  }
  const { duplicates, suspect } = scanJson(text);
  if (duplicates.length > 0) {
    throw validationProblem(
      'The body repeats a key; which value was meant is unknown',
      duplicates.map((field) => ({ field: `/body${field}`, message: 'duplicate key' })),
    );
  }
  // Only a text the scan found suspect can hold a NUL or a __proto__ key: the walk is skipped otherwise.
  if (!suspect) return value;
  const errors: FieldError[] = [];
  hostileValues(value, ['body'], errors);
  if (errors.length > 0) throw validationProblem('The body holds values that cannot be stored', errors);
  return value;
}
