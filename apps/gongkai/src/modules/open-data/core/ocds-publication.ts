import type { OcdsPublication } from '@gongkai/open-data';
import type { ServiceConfig } from '@gongkai/runtime';

/**
 * Who publishes the OCDS data and under which URL: GONGKAI_PUBLIC_URL when set, else the URL the caller used
 * (scheme and Host of the request), so the package's `uri`, `links.next` and extension URL can be followed.
 */
export function ocdsPublication(
  config: ServiceConfig,
  request: { protocol: string; host: string },
): OcdsPublication {
  return {
    baseUrl: config.ocds.publicUrl ?? `${request.protocol}://${request.host}`,
    publisherName: config.ocds.publisherName,
  };
}
