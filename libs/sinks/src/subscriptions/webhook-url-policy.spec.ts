import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpTransport } from '../delivery/http-transport';
import {
  checkWebhookUrl,
  checkWebhookUrlSyntax,
  guardedLookup,
  refusedAddress,
  WebhookUrlRefused,
} from './webhook-url-policy';

const NONE = { allowedNetworks: [] };

describe('where a webhook may point', () => {
  it('allows public unicast addresses only, unless a network is allowed', () => {
    for (const address of ['8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(refusedAddress(address, NONE)).toBeUndefined();
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '224.0.0.251',
      '192.0.2.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      'ff02::1',
      '::ffff:169.254.169.254',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '2001:db8::1',
    ])
      expect([address, refusedAddress(address, NONE)]).toEqual([address, expect.any(String)]);
    const intranet = { allowedNetworks: ['10.20.0.0/16', '127.0.0.1/32'] };
    expect(refusedAddress('10.20.3.4', intranet)).toBeUndefined();
    expect(refusedAddress('127.0.0.1', intranet)).toBeUndefined();
    expect(refusedAddress('10.21.0.1', intranet)).toMatch(/private/);
    expect(refusedAddress('127.0.0.2', intranet)).toMatch(/loopback/);
  });

  it('refuses a host name that resolves to an internal address, even one of several', async () => {
    const resolvesTo =
      (...addresses: string[]) =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    await expect(
      checkWebhookUrl('https://hooks.example.com/x', NONE, resolvesTo('93.184.215.14')),
    ).resolves.toBeUndefined();
    await expect(
      checkWebhookUrl('https://rebind.example.com/x', NONE, resolvesTo('10.0.0.5')),
    ).rejects.toThrow(/resolves to 10\.0\.0\.5 is a private address/);
    await expect(
      checkWebhookUrl('https://mixed.example.com/x', NONE, resolvesTo('93.184.215.14', '169.254.169.254')),
    ).rejects.toThrow(WebhookUrlRefused);
    await expect(
      checkWebhookUrl('https://nx.example.com/x', NONE, async () =>
        Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' })),
      ),
    ).rejects.toThrow(/does not resolve/);
    expect(() => checkWebhookUrlSyntax('http://LOCALHOST./x', NONE)).toThrow(/localhost/);
    expect(checkWebhookUrlSyntax('https://Hooks.Example.com./x', NONE)).toBe('hooks.example.com');
  });

  describe('at connection time (a name re-pointed after creation)', () => {
    let server: Server;
    let hits = 0;
    beforeAll(async () => {
      server = createServer((_request, response) => {
        hits++;
        response.writeHead(204).end();
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    });
    afterAll(async () => {
      server.close();
      await once(server, 'close');
    });

    it('refuses to connect where the name resolves to a refused address, and connects where allowed', async () => {
      const port = (server.address() as AddressInfo).port;
      const send = (allowedNetworks: string[]) => {
        const policy = { allowedNetworks };
        const transport = nodeHttpTransport({
          lookup: guardedLookup(policy),
          beforeRequest: (url) =>
            void checkWebhookUrlSyntax(url.href.replace('localhost', 'hook.test'), policy),
        });
        // `localhost` resolves (from /etc/hosts) to loopback: the guard sees the address, not the name.
        return transport(`http://localhost:${port}/`, {
          headers: new Headers(),
          body: '{}',
          signal: new AbortController().signal,
        }).finally(() => transport.close());
      };
      await expect(send([])).rejects.toMatchObject({ code: 'WEBHOOK_URL_REFUSED' });
      expect(hits).toBe(0);
      await expect(send(['127.0.0.0/8', '::1/128'])).resolves.toMatchObject({ status: 204 });
      expect(hits).toBe(1);
    });

    it('refuses an IP literal before connecting (no lookup happens for one)', async () => {
      const port = (server.address() as AddressInfo).port;
      const transport = nodeHttpTransport({
        lookup: guardedLookup(NONE),
        beforeRequest: (url) => void checkWebhookUrlSyntax(url.href, NONE),
      });
      await expect(
        transport(`http://127.0.0.1:${port}/`, {
          headers: new Headers(),
          body: '{}',
          signal: new AbortController().signal,
        }),
      ).rejects.toThrow(WebhookUrlRefused);
      transport.close();
      expect(hits).toBe(1);
    });
  });
});
