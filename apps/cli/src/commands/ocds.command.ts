import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { Command } from 'commander';
import { CATALOGUE_DOMAINS } from '@gongkai/domain';
import { cliConfig, requireEventStoreFile, type GlobalOptions } from '../cli-config';
import { CliError } from '../cli-error';
import { progressBar } from '../progress';
import { openEventStore } from '../service';

interface ExportOptions extends GlobalOptions {
  output?: string;
  domain?: string;
  region?: string;
}

/** `gongkai ocds export`: the public disclosures as OCDS record packages, one per line (docs/ocds.md). */
export function ocdsCommand(): Command {
  const ocds = new Command('ocds').description(
    'Open Contracting Data Standard (OCDS 1.1) export (docs/ocds.md)',
  );
  ocds
    .command('export')
    .description(
      'Write every contracting process of the OCDS domains as JSON Lines: one record package per line (its ' +
        'releases, compiled and versioned release), from the public view only. Progress and a summary on stderr.',
    )
    .option(
      '-o, --output <file>',
      'write to this file (replaced only when the export completes) instead of stdout',
    )
    .option(
      '--domain <domain>',
      `only this domain (one of ${CATALOGUE_DOMAINS.join(', ')} that OCDS covers: docs/ocds.md)`,
    )
    .option(
      '--region <code>',
      'only transactions published in this GB/T 2260 region (320600: the city and its districts)',
    )
    .addHelpText(
      'after',
      '\nThe ocid prefix is GONGKAI_OCDS_PREFIX, the publisher GONGKAI_OCDS_PUBLISHER, URLs use GONGKAI_PUBLIC_URL.\n' +
        'Example:\n  $ gongkai ocds export --domain procurement -o procurement.jsonl\n',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ExportOptions>();
      // Loaded here, not at start: the OCDS export builds its extended release schema when it loads.
      const { OCDS_EXCLUDED_DOMAINS, writeRecordLines } = await import('@gongkai/open-data');
      checkDomain(options.domain, OCDS_EXCLUDED_DOMAINS);
      if (options.region !== undefined && !/^\d{2,6}$/.test(options.region))
        throw new CliError(`--region: expected a GB/T 2260 code such as 320600, got "${options.region}"`);
      const config = cliConfig(options);
      requireEventStoreFile(config);
      const store = await openEventStore(config);
      const temporary = options.output === undefined ? undefined : `${options.output}.partial-${process.pid}`;
      const out = temporary === undefined ? process.stdout : createWriteStream(temporary);
      let bar: ReturnType<typeof progressBar> | undefined;
      try {
        const summary = await writeRecordLines(
          store,
          async (line) => {
            if (!out.write(`${line}\n`)) await once(out, 'drain');
          },
          {
            ocidPrefix: config.ocds.ocidPrefix,
            publication: {
              baseUrl: config.ocds.publicUrl ?? `http://localhost:${config.port}`,
              publisherName: config.ocds.publisherName,
            },
            publishedDate: new Date().toISOString(),
            domain: options.domain,
            region: options.region,
            onProgress: (done, total) => {
              bar ??= progressBar('ocds export', total, 'transactions');
              bar.update(done);
            },
          },
        );
        bar?.stop();
        if (temporary !== undefined) {
          out.end();
          await once(out, 'finish');
          renameSync(temporary, options.output!);
        }
        const leftOut = Object.entries(summary.leftOut).map(([domain, n]) => `${domain} ${n}`);
        process.stderr.write(
          `ocds export: ${summary.records} records (${summary.releases} releases) of ${summary.transactions} transactions` +
            (leftOut.length > 0
              ? `; left out (no OCDS mapping, see docs/ocds.md): ${leftOut.join(', ')}`
              : '') +
            '\n',
        );
      } catch (error) {
        bar?.stop();
        if (temporary !== undefined) {
          out.destroy();
          rmSync(temporary, { force: true });
        }
        throw error;
      } finally {
        await store.close();
      }
    });
  return ocds;
}

function checkDomain(domain: string | undefined, excluded: Partial<Record<string, string>>): void {
  if (domain === undefined) return;
  const reason = excluded[domain];
  if (reason !== undefined) throw new CliError(`--domain ${domain} has no OCDS export: ${reason}`);
  if (!(CATALOGUE_DOMAINS as readonly string[]).includes(domain))
    throw new CliError(`--domain: unknown domain "${domain}" (one of ${CATALOGUE_DOMAINS.join(', ')})`);
}
