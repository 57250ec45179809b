import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository (or image) root: the nearest directory above this file that holds package.json. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const CONSOLE_SOURCE = path.join('apps', 'gongkai', 'web', 'main.ts');
export const CONSOLE_BUNDLE = path.join('dist', 'console', 'app.js');

/** Bundles the console's browser code (apps/gongkai/web) into one script with esbuild. */
export async function buildConsoleBundle(root: string = projectRoot()): Promise<string> {
  // Loaded only when the sources are there: an image built with `npm run build` serves the prebuilt file.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, CONSOLE_SOURCE)],
    tsconfig: path.join(root, 'apps', 'gongkai', 'web', 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const bundles = new Map<string, Promise<string>>();

/**
 * The console script: built from the sources when they are present (npm start, tests, a fresh clone), else
 * the file `npm run build` wrote (a container image holds dist/ only). Built once per process.
 */
export function consoleBundle(root: string = projectRoot()): Promise<string> {
  let bundle = bundles.get(root);
  if (!bundle) {
    bundle = existsSync(path.join(root, CONSOLE_SOURCE))
      ? buildConsoleBundle(root)
      : Promise.resolve(readFileSync(path.join(root, CONSOLE_BUNDLE), 'utf8'));
    bundles.set(root, bundle);
    bundle.catch(() => bundles.delete(root));
  }
  return bundle;
}
