import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { commaList } from '../arguments';
import { cliConfig, type GlobalOptions } from '../cli-config';
import { CliError } from '../cli-error';
import { formatTable, printJson } from '../output';
import {
  openServiceDatabase,
  SERVICE_DATABASE_FILE,
  TokenStore,
  tokenGrantSchema,
  type TokenRecord,
} from '../service';

interface CreateOptions extends GlobalOptions {
  role: string;
  subject: string;
  creditCode?: string;
  regions?: string[];
  domains?: string[];
  roles?: string[];
  json?: boolean;
}

/** The grant the options describe; the role decides which scope fields belong (checked by the service's schema). */
function grantFrom(options: CreateOptions): unknown {
  const scope: Record<string, unknown> = {};
  if (options.creditCode !== undefined) scope.creditCode = options.creditCode;
  if (options.regions !== undefined) scope.regions = options.regions;
  if (options.domains !== undefined) scope.domains = options.domains;
  if (options.roles !== undefined) scope.roles = options.roles;
  return { role: options.role, subject: options.subject, scope };
}

const OPTION_OF_FIELD: Record<string, string> = {
  creditCode: '--credit-code',
  regions: '--regions',
  domains: '--domains',
  roles: '--roles',
  subject: '--subject',
  role: '--role',
};

function optionName(issuePath: readonly PropertyKey[]): string {
  const field = issuePath.find((part) => typeof part === 'string' && part !== 'scope');
  if (field === undefined) return 'scope';
  return OPTION_OF_FIELD[String(field)] ?? String(field);
}

function describeIssue(
  issue: { code: string; path: readonly PropertyKey[]; message: string; keys?: string[] },
  role: string,
): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys
      .map((key) => `${OPTION_OF_FIELD[key] ?? key} does not apply to a ${role} token`)
      .join('; ');
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `${optionName(issue.path)} is required for a ${role} token`;
  }
  return `${optionName(issue.path)}: ${issue.message}`;
}

/** Runs `work` on the token store; the service database is only created by `create`. */
function withTokenStore<T>(options: GlobalOptions, mustExist: boolean, work: (tokens: TokenStore) => T): T {
  const { dataDir } = cliConfig(options);
  if (mustExist && !existsSync(path.join(dataDir, SERVICE_DATABASE_FILE))) {
    throw new CliError(
      `No token database in ${dataDir} (looked for ${SERVICE_DATABASE_FILE}); nothing to show.`,
    );
  }
  const db = openServiceDatabase(dataDir);
  try {
    return work(new TokenStore(db));
  } finally {
    db.close();
  }
}

function scopeSummary(record: TokenRecord): string {
  const scope = record.scope as Record<string, unknown>;
  return Object.entries(scope)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
    .join(' ');
}

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description(
    'Manage the bearer tokens of the service (stored hashed in <data-dir>/service.sqlite).',
  );

  tokens
    .command('create')
    .description(
      'Create a token and print its secret once (only its SHA-256 is stored). A centre needs --credit-code, ' +
        '--regions, --domains and --roles; a supervisor needs --regions; subscriber and admin take no scope.',
    )
    .addOption(
      new Option('--role <role>', 'what the token may do')
        .choices(['centre', 'supervisor', 'subscriber', 'admin'])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--subject <name>',
      'who holds it (shown in the access log), e.g. "南通市公共资源交易中心"',
    )
    .option('--credit-code <code>', 'centre: the 18-character unified social credit code it publishes as')
    .option(
      '--regions <codes>',
      'centre/supervisor: GB/T 2260 region codes, comma-separated (e.g. 320600,320500)',
      commaList,
    )
    .option(
      '--domains <domains>',
      'centre: domains it may publish (engineering,procurement,land,...)',
      commaList,
    )
    .option(
      '--roles <roles>',
      'centre: publisher roles it holds (approver,implementer,producer,trading_centre)',
      commaList,
    )
    .option('--json', 'print the token and its record as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ gongkai tokens create --role centre --subject 南通市公共资源交易中心 --credit-code 123206004667891235 \\\n' +
        '      --regions 320600 --domains engineering,procurement,land --roles trading_centre,implementer\n' +
        '  $ gongkai tokens create --role supervisor --subject 江苏省发展和改革委员会 --regions 320000\n',
    )
    .action((options: CreateOptions, command: Command) => {
      const all = command.optsWithGlobals<CreateOptions>();
      const parsed = tokenGrantSchema.safeParse(grantFrom(all));
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `  ${describeIssue(issue, options.role)}`);
        throw new CliError(`Cannot create a ${options.role} token:\n${problems.join('\n')}`);
      }
      const { token, record } = withTokenStore(all, false, (store) => store.create(parsed.data));
      if (all.json) {
        printJson({ token, ...record });
        return;
      }
      process.stdout.write(`${token}\n`);
      process.stderr.write(
        `Created ${record.role} token ${record.id} for "${record.subject}". Store the secret above now: it is not shown again.\n`,
      );
    });

  tokens
    .command('list')
    .description('List every token (id, role, subject, scope, created, revoked); secrets are never shown.')
    .option('--json', 'print as JSON')
    .action((_options: unknown, command: Command) => {
      const all = command.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      const records = withTokenStore(all, true, (store) => store.list());
      if (all.json) {
        printJson(records);
        return;
      }
      if (records.length === 0) {
        process.stdout.write('No tokens.\n');
        return;
      }
      process.stdout.write(
        formatTable(
          ['ID', 'ROLE', 'SUBJECT', 'SCOPE', 'CREATED', 'REVOKED'],
          records.map((r) => [r.id, r.role, r.subject, scopeSummary(r), r.createdAt, r.revokedAt ?? '-']),
        ),
      );
    });

  tokens
    .command('revoke')
    .description('Revoke a token by its id (see `tokens list`); requests with it answer 401 from then on.')
    .argument('<id>', 'token id')
    .action((id: string, _options: unknown, command: Command) => {
      const revoked = withTokenStore(command.optsWithGlobals<GlobalOptions>(), true, (store) =>
        store.revoke(id),
      );
      if (!revoked) throw new CliError(`No token with id ${id}.`);
      process.stdout.write(`Revoked token ${id}.\n`);
    });

  return tokens;
}
