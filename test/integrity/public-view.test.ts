import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_PERSONS } from '@gongkai/domain';
import {
  SALTS_KEY,
  canonicalJson,
  toPublicKey,
  verifierKey,
  verifyTlogProof,
  readCommittedView,
} from '@gongkai/event-store';
import {
  NANTONG_CENTRE,
  createToken,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from '../service/fixtures';
import { startService, type RunningService } from '../service/harness';
import { buildGoVerifier, run } from './go-verifier';

/**
 * Finding 5 of issue 11: the public view of an event verifies against the signed log, checked by an outsider
 * with only the published key and HTTP (Go's reference tlog code, tools/tlog-verify), without the hidden data.
 */

const ORIGIN = 'gongkai.test/views';

describe('verifiable public views, checked by Go with only the key and HTTP', () => {
  let dir: string;
  let service: RunningService;
  let logKey: string;
  let goVerifier: string;
  let awardId: string;
  const housing = transactionIdOfExample('housing');
  const person = EXAMPLE_PERSONS[0];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-public-view-'));
    const { privateKey } = generateKeyPairSync('ed25519');
    const keyFile = path.join(dir, 'log-key.pem');
    writeFileSync(keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    logKey = verifierKey(ORIGIN, toPublicKey(privateKey));
    goVerifier = await buildGoVerifier(dir);
    service = await startService({
      GONGKAI_LOG_ORIGIN: ORIGIN,
      GONGKAI_CHECKPOINT_KEY_FILE: keyFile,
      GONGKAI_CHECKPOINT_INTERVAL_MS: '0',
    });
    const centre = await createToken(service, NANTONG_CENTRE);
    for (const body of lifecycle('housing')) {
      const answer = await service.call('POST', eventsPath(housing), { token: centre, body });
      expect([answer.status, answer.text]).toEqual([201, answer.text]);
      if (body.type === 'AwardPublished') awardId = body.id;
    }
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function publicView(eventId: string) {
    const answer = await service.call('GET', `/v1/log/public-view/${eventId}`);
    expect([answer.status, answer.text]).toEqual([200, answer.text]);
    return answer;
  }

  it('serves the committed view without the hidden data, and Go verifies it against the signed checkpoint', async () => {
    const answer = await publicView(awardId);
    // Nothing the public view hides is in it: not the ID number, the phone, the home address, the full name.
    for (const secret of [person.idNumber, person.phone, person.homeAddress, person.name]) {
      expect(answer.text).not.toContain(secret);
    }
    expect(answer.text).not.toContain(SALTS_KEY);
    expect(answer.body).toMatchObject({ eventId: awardId, leafFormat: 2 });
    expect(answer.body.hidden).toEqual(
      expect.arrayContaining([
        '/data/recipients/0/idNumber',
        '/data/recipients/0/phone',
        '/metadata/findings',
      ]),
    );
    // Our own reading agrees: the committed form's hash is the entry the tlog-proof proves.
    const { entry } = readCommittedView(answer.body.committed as string);
    expect(verifyTlogProof(answer.body.proof as string, logKey, entry).entry).toBe(answer.body.entry);

    const go = await run(goVerifier, ['-key', logKey, '-log', `${service.url}/v1/log`, '-view', awardId]);
    expect(go.stderr).toBe('');
    expect(go.status).toBe(0);
    expect(go.stdout).toMatch(
      new RegExp(`public view: event ${awardId} \\(entry [0-9a-f]{64}\\) is leaf \\d+ of ${ORIGIN}`),
    );
  }, 120_000);

  it('attack: a public view with an altered disclosed field fails', async () => {
    const answer = await publicView(awardId);
    const committed = JSON.parse(answer.body.committed as string) as {
      data: { recipients: { dwelling: string }[] };
    };
    committed.data.recipients[0]!.dwelling = '幸福里9幢909室';
    const forged = path.join(dir, 'forged-view.json');
    writeFileSync(forged, JSON.stringify({ ...answer.body, committed: canonicalJson(committed) }));
    const go = await run(goVerifier, ['-key', logKey, '-view-file', forged]);
    expect(go.status).toBe(1);
    expect(go.stderr).toContain('public view: the tlog-proof does not carry this committed form');

    // Even with the proof's extra line rewritten to match, the entry is not the leaf the checkpoint signed.
    const proof = (answer.body.proof as string).replace(
      /^extra .*$/m,
      `extra ${Buffer.from(canonicalJson(committed)).toString('base64')}`,
    );
    writeFileSync(forged, JSON.stringify({ ...answer.body, committed: canonicalJson(committed), proof }));
    const again = await run(goVerifier, ['-key', logKey, '-view-file', forged]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('is not leaf');
    // The honest view saved to a file still verifies offline.
    const honest = path.join(dir, 'view.json');
    writeFileSync(honest, answer.text);
    expect((await run(goVerifier, ['-key', logKey, '-view-file', honest])).status).toBe(0);
  }, 120_000);

  it('a supervisor opens one hidden value; a wrong value or another salt does not open it', async () => {
    const answer = await publicView(awardId);
    const view = path.join(dir, 'opened-view.json');
    writeFileSync(view, answer.text);
    // The salts are kept with the restricted data (here read from the store, as a supervisor's tools would).
    const stored = (await service.service.infrastructure.store.readAll()).find((e) => e.id === awardId)!;
    const salts = stored.metadata[SALTS_KEY] as Record<string, string>;
    const opening = path.join(dir, 'opening.json');
    const open = (pointer: string, value: unknown, salt: string) => {
      writeFileSync(opening, JSON.stringify({ pointer, value, salt }));
      return run(goVerifier, ['-key', logKey, '-view-file', view, '-open', opening]);
    };
    const phone = '/data/recipients/0/phone';
    const opened = await open(phone, person.phone, salts[phone]!);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain(`opening: ${phone} = "${person.phone}" matches its commitment`);
    const wrong = await open(phone, '13812340000', salts[phone]!);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('does not match the commitment');
    const otherSalt = await open(phone, person.phone, salts['/data/recipients/0/idNumber']!);
    expect(otherSalt.status).toBe(1);
  }, 120_000);

  it('an event logged before commitments (leaf format 1) is refused with the reason, not served unverifiable', async () => {
    const id = randomUUID();
    await service.service.infrastructure.store.append('calendar-test', [
      { id, type: 'AnnouncementPublished', data: { title: '旧事件' } },
    ]);
    const answer = await service.call('GET', `/v1/log/public-view/${id}`);
    expect(answer.status).toBe(409);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ leafFormat: 1 });
    expect((await service.call('GET', `/v1/log/public-view/${randomUUID()}`)).status).toBe(404);
  });
});
