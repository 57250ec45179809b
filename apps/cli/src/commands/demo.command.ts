import { Command } from 'commander';
import { cliConfig, type GlobalOptions } from '../cli-config';
import { CHECK_FAILED_EXIT_CODE, CliError } from '../cli-error';
import { DEMO_SCENARIO } from '../demo/demo-scenario';
import { demoReport } from '../demo/demo-report';
import { connectToService, startServiceProcess, type DemoService } from '../demo/demo-service';
import { ServiceUnreachable } from '../demo/gongkai-client';
import { runDemo, supervisorGrant } from '../demo/run-demo';
import { progressBar } from '../progress';

interface DemoOptions extends GlobalOptions {
  url?: string;
  adminToken?: string;
}

function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`--url: "${value}" is not a URL (expected e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError('--url must be an http(s) URL');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Load a realistic sample over the HTTP API: complete lifecycles in 南通, 苏州, 晋江 and 天津 (engineering, ' +
        'procurement, land), one late disclosure (stored with its finding) and one award to a blacklisted bidder ' +
        '(rejected). Without --url the service is started as a child process on the data directory. Running it ' +
        'again is harmless: the events keep their ids, so the service answers them as retries.',
    )
    .option('--url <url>', 'publish to a service already running there instead (needs an admin token)')
    .option(
      '--admin-token <token>',
      "with --url: an admin token, to create the publishers' tokens (default GONGKAI_ADMIN_TOKEN)",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ npm run demo\n  $ gongkai demo --data-dir /tmp/gongkai-demo\n  $ gongkai demo --url http://localhost:3000 --admin-token "$GONGKAI_ADMIN_TOKEN"\n',
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DemoOptions>();
      const config = cliConfig(options);
      let service: DemoService;
      if (options.url) {
        const adminToken = options.adminToken ?? config.adminToken;
        if (!adminToken)
          throw new CliError('--url needs an admin token: --admin-token <token> or GONGKAI_ADMIN_TOKEN.');
        service = connectToService(httpUrl(options.url), adminToken);
      } else {
        process.stderr.write(`Starting the service on ${config.dataDir} ...\n`);
        service = await startServiceProcess(config);
        if (service.generatedAdminToken) {
          process.stderr.write(
            `No GONGKAI_ADMIN_TOKEN was set; generated an admin token for this data directory (store it now, it is not shown again):\n\n  ${service.generatedAdminToken}\n\n`,
          );
        }
      }
      try {
        const steps =
          DEMO_SCENARIO.credit.length +
          DEMO_SCENARIO.disclosures.length +
          DEMO_SCENARIO.transactions.reduce((n, t) => n + t.steps.length, 0);
        const bar = progressBar('Publishing', steps, 'steps');
        let done = 0;
        const run = await runDemo(service, DEMO_SCENARIO, () => bar.update(++done)).finally(() => bar.stop());
        // A supervisor token for the console; it stays valid (revoke it with `gongkai tokens revoke`).
        const grant = supervisorGrant(DEMO_SCENARIO);
        const supervisor = await service.tokens.issue(grant);
        const regions = grant.role === 'supervisor' ? grant.scope.regions : [];
        process.stdout.write(
          demoReport(DEMO_SCENARIO, run, options.url ? { url: service.url } : { dataDir: config.dataDir }, {
            token: supervisor.token,
            regions,
          }),
        );
        if (run.outcomes.some((outcome) => !outcome.asExpected)) {
          throw new CliError(
            'The service did not answer every step as the demo expects (see the lines marked !).',
            CHECK_FAILED_EXIT_CODE,
          );
        }
      } catch (error) {
        if (error instanceof ServiceUnreachable) throw new CliError(error.message, CHECK_FAILED_EXIT_CODE);
        throw error;
      } finally {
        await service.close();
      }
    });
}
