/** `npm run build`: writes the console's script to dist/console/app.js, for images that carry dist/ only. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  buildConsoleBundle,
  CONSOLE_BUNDLE,
  projectRoot,
} from '../apps/gongkai/src/modules/console/console/console-bundle';

async function main(): Promise<void> {
  const root = projectRoot(__dirname);
  const target = path.join(root, CONSOLE_BUNDLE);
  mkdirSync(path.dirname(target), { recursive: true });
  const bundle = await buildConsoleBundle(root);
  writeFileSync(target, bundle);
  console.log(`console: ${path.relative(root, target)} (${Math.round(bundle.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
