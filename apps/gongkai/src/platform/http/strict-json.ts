import { Problem, validationProblem, type FieldError } from './problem';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** JSON pointer escaping (RFC 6901). */
const pointer = (path: readonly string[]): string =>
  `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * Keys that appear twice in one object of a JSON text, as pointers. `JSON.parse` keeps the last one silently;
 * a publisher that sent two values must learn which one it meant is unknown. Assumes `text` is valid JSON.
 */
export function duplicateKeys(text: string): string[] {
  const found: string[] = [];
  // One frame per open container: its keys so far (objects only) and its path.
  const stack: { keys?: Set<string>; path: string[]; index: number }[] = [];
  let pendingKey: string | undefined;
  let i = 0;
  const childPath = (): string[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (top.keys) return [...top.path, pendingKey ?? ''];
    return [...top.path, String(top.index)];
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i;
      i++;
      let escaped = false;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) {
          escaped = true;
          i += 2;
          continue;
        }
        if (d === 0x22) break;
        i++;
      }
      const raw = text.slice(start, i + 1);
      i++;
      const top = stack[stack.length - 1];
      // A string is a key when the next non-space character is a colon.
      let j = i;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (top?.keys && text[j] === ':') {
        const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.has(key)) found.push(pointer([...top.path, key]));
        top.keys.add(key);
        pendingKey = key;
      }
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const path = childPath();
      stack.push(c === 0x7b ? { keys: new Set(), path, index: 0 } : { path, index: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
    }
    i++;
  }
  return found;
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
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) {
    throw validationProblem(
      'The body repeats a key; which value was meant is unknown',
      duplicates.map((field) => ({ field: `/body${field}`, message: 'duplicate key' })),
    );
  }
  const errors: FieldError[] = [];
  hostileValues(value, ['body'], errors);
  if (errors.length > 0) throw validationProblem('The body holds values that cannot be stored', errors);
  return value;
}
