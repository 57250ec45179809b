import { Command } from 'commander';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Witness, openOrCreateKey } from '@gongkai/event-store';
import { CliError } from '../cli-error';
import { readVerifierKey } from './log-keys';

interface WitnessOptions {
  state: string;
  name: string;
  logKey?: string[];
  host: string;
  port: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function openWitness(options: WitnessOptions): Promise<Witness> {
  const key = await openOrCreateKey(path.join(options.state, 'witness-ed25519.pem'));
  try {
    return new Witness(options.name, key, options.state, (options.logKey ?? []).map(readVerifierKey));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

function readBody(request: IncomingMessage, limit = 1 << 20): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * `gongkai log witness`: a c2sp.org/tlog-witness a department or the provincial platform can run. It keeps
 * the last checkpoint it cosigned per log in its state directory, checks each new one is signed by the log
 * and consistent with it, and cosigns (c2sp.org/tlog-cosignature).
 */
export function witnessCommand(): Command {
  const witness = new Command('witness').description(
    'Run a c2sp.org/tlog-witness for gongkai logs (keeps the last cosigned checkpoint per log, checks consistency, cosigns).',
  );
  const common = (command: Command) =>
    command
      .requiredOption('--state <dir>', 'where the witness keeps its key and the last checkpoint per log')
      .requiredOption('--name <name>', 'the witness key name, e.g. witness.ggzy.example.gov.cn')
      .option('--host <host>', 'address to listen on', '127.0.0.1')
      .option('--port <port>', 'port (0: any free one)', '0');
  common(witness.command('key'))
    .description('Print the witness verifier key (type 0x04), to configure in GONGKAI_WITNESSES and clients.')
    .action(async (options: WitnessOptions) => {
      process.stdout.write(`${(await openWitness(options)).verifierKey}\n`);
    });
  common(witness.command('serve'))
    .description('Serve POST /add-checkpoint until stopped; prints its URL and key first.')
    .option(
      '--log-key <key>',
      'a log verifier key (or a file holding it) this witness accepts; repeatable',
      collect,
    )
    .action(async (options: WitnessOptions) => {
      if (!options.logKey?.length)
        throw new CliError('Give at least one --log-key: the logs this witness accepts.');
      const instance = await openWitness(options);
      const server = createServer((request, response) => {
        void (async () => {
          if (request.method !== 'POST' || request.url !== '/add-checkpoint') {
            response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
            return;
          }
          try {
            const answer = await instance.addCheckpoint(await readBody(request));
            response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
          } catch (error) {
            response
              .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
              .end(`${(error as Error).message}\n`);
          }
        })();
      });
      await new Promise<void>((resolve) => server.listen(Number(options.port), options.host, resolve));
      const { port } = server.address() as AddressInfo;
      process.stdout.write(`listening http://${options.host}:${port}\nkey ${instance.verifierKey}\n`);
      const stop = () => server.close(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
  return witness;
}
