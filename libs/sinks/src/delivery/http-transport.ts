import { request as httpRequest, Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';

/** One POST as a sink sends it. */
export interface TransportRequest {
  headers: Headers;
  body: string | Uint8Array;
  signal: AbortSignal;
}

/** What the sink needs of the answer (the body is read in every case, so the connection is reused). */
export interface TransportResponse {
  status: number;
  retryAfter: string | null;
  text: string;
}

/** How a sink reaches its target: `fetch` by default; a subscription's webhook through a guarded transport. */
export type HttpTransport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

export const fetchTransport: HttpTransport = async (url, { headers, body, signal }) => {
  const response = await fetch(url, { method: 'POST', headers, body, signal });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), text };
};

/** Most bytes of a receiver's answer kept (the rest is drained unread). */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface NodeHttpTransportOptions {
  /** The `lookup` every connection resolves its host with (the address guard). */
  lookup: NonNullable<import('node:net').TcpNetConnectOpts['lookup']>;
  /** Checked before each request, for hosts the lookup never sees (IP literals). */
  beforeRequest?: (url: URL) => void;
}

/**
 * POST with node:http(s): redirects are never followed (a 3xx is an answer like any other, which the sink
 * classifies as final), the host is resolved through `lookup` at every connection, and at most 64 KiB of the
 * answer is kept. Keep-alive agents per transport, so one subscriber's connections are its own.
 */
export function nodeHttpTransport(options: NodeHttpTransportOptions): HttpTransport & { close(): void } {
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true });
  const transport: HttpTransport = (raw, { headers, body, signal }) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const url = new URL(raw);
      try {
        options.beforeRequest?.(url);
      } catch (error) {
        reject(error);
        return;
      }
      const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
      const outgoing: Record<string, string> = {};
      headers.forEach((value, name) => (outgoing[name] = value));
      outgoing['content-length'] = String(payload.length);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        url,
        {
          method: 'POST',
          headers: outgoing,
          agent: url.protocol === 'https:' ? httpsAgent : httpAgent,
          lookup: options.lookup,
          signal,
        },
        (response: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          response.on('data', (chunk: Buffer) => {
            if (kept < MAX_RESPONSE_BYTES) {
              chunks.push(chunk);
              kept += chunk.length;
            }
          });
          response.on('error', reject);
          response.on('end', () => {
            const retryAfter = response.headers['retry-after'];
            resolve({
              status: response.statusCode ?? 0,
              retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
              text: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES),
            });
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return Object.assign(transport, {
    close(): void {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  });
}
