import { compileRelease, sortReleases, versionRelease, type OcdsRelease } from './merge/merge';
import { mergeRulesOf, type MergeRules } from './merge/merge-rules';
import { EXTENDED_RELEASE_SCHEMA, OCDS_VERSION } from './schema/release-schema';

/** The merge rules of the release schema with gongkai's extension applied. */
export const OCDS_MERGE_RULES: MergeRules = mergeRulesOf(EXTENDED_RELEASE_SCHEMA);

/** Where and by whom the data is published: the package metadata OCDS requires. */
export interface OcdsPublication {
  /** Public base URL of the service (no trailing slash): package and extension URLs are built on it. */
  baseUrl: string;
  /** Name of the organisation publishing the data (GONGKAI_OCDS_PUBLISHER). */
  publisherName: string;
}

export const EXTENSION_PATH = '/v1/ocds/extension/extension.json';

function packageMetadata(publication: OcdsPublication, uri: string, publishedDate: string) {
  return {
    uri,
    version: OCDS_VERSION,
    extensions: [`${publication.baseUrl}${EXTENSION_PATH}`],
    publishedDate,
    publisher: { name: publication.publisherName },
  };
}

export interface ReleasePackage {
  uri: string;
  version: string;
  extensions: string[];
  publishedDate: string;
  publisher: { name: string };
  releases: OcdsRelease[];
  links?: { next: string };
}

export function releasePackage(
  publication: OcdsPublication,
  uri: string,
  publishedDate: string,
  releases: OcdsRelease[],
  next?: string,
): ReleasePackage {
  return {
    ...packageMetadata(publication, uri, publishedDate),
    releases,
    ...(next !== undefined ? { links: { next } } : {}),
  };
}

export interface OcdsRecord {
  ocid: string;
  releases: OcdsRelease[];
  compiledRelease: Record<string, unknown>;
  versionedRelease: Record<string, unknown>;
}

/** A contracting process's record: its releases (embedded, oldest first), compiled and versioned. */
export function recordOf(releases: readonly OcdsRelease[], rules: MergeRules = OCDS_MERGE_RULES): OcdsRecord {
  const sorted = sortReleases(releases);
  return {
    ocid: sorted[0]!.ocid,
    releases: sorted,
    compiledRelease: compileRelease(sorted, rules),
    versionedRelease: versionRelease(sorted, rules),
  };
}

export interface RecordPackage {
  uri: string;
  version: string;
  extensions: string[];
  publishedDate: string;
  publisher: { name: string };
  records: OcdsRecord[];
}

export function recordPackage(
  publication: OcdsPublication,
  uri: string,
  publishedDate: string,
  records: OcdsRecord[],
): RecordPackage {
  return { ...packageMetadata(publication, uri, publishedDate), records };
}
