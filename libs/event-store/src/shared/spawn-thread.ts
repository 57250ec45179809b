import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The entry file `name` beside `callerFile` (pass `__filename`), with the caller's own extension: the
 * compiled `.js` when the service runs from `dist/` (`npm start`), the `.ts` source under tsx (tests,
 * `npm run start:dev`, the benches).
 */
export function threadEntry(callerFile: string, name: string): string {
  return path.join(path.dirname(callerFile), `${name}${path.extname(callerFile)}`);
}

/**
 * Starts a worker thread running `entry` (see `threadEntry`). A `.ts` entry is loaded through tsx's CommonJS
 * hook, registered in the new thread (a worker does not inherit the parent's loaders); a `.js` one is
 * required as it is. Every worker thread of gongkai (the read pool, the projections, the import's builders)
 * starts this way.
 */
export function spawnThread(entry: string, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const load = `require(${JSON.stringify(entry)});`;
  const source = entry.endsWith('.ts') ? `require('tsx/cjs/api').register(); ${load}` : load;
  return new Worker(source, { ...options, eval: true });
}
