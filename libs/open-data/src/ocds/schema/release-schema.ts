import coreReleaseSchema from '../../../schema/1.1.5/release-schema.json';
import extensionPatch from '../../../extension/release-schema.json';
import extensionMetadata from '../../../extension/extension.json';
import extensionCodelists from '../../../extension/codelists.generated.json';
import { jsonMergePatch } from './json-merge-patch';

/** The OCDS version gongkai publishes, and the schema the package `version` field names. */
export const OCDS_VERSION = '1.1';
export const OCDS_SCHEMA_RELEASE = '1.1.5';

/**
 * OCDS 1.1.5's release schema (vendored unchanged under libs/open-data/schema, Apache-2.0) with gongkai's
 * extension applied as a JSON Merge Patch, as the OCDS extension rules say. The merge rules are read from it.
 */
export const EXTENDED_RELEASE_SCHEMA = jsonMergePatch(coreReleaseSchema, extensionPatch) as JsonSchema;

/** The extension's files, as published beside the data (see docs/ocds.md). */
export const EXTENSION_METADATA = extensionMetadata as Record<string, unknown> & { codelists: string[] };
export const EXTENSION_RELEASE_SCHEMA = extensionPatch as Record<string, unknown>;

export interface JsonSchema {
  id?: string;
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  omitWhenMerged?: boolean;
  wholeListMerge?: boolean;
  codelist?: string;
  openCodelist?: boolean;
  enum?: unknown[];
  [key: string]: unknown;
}

/** The extension's codelists, CSV text by file name (bundled from extension/codelists by scripts/ocds). */
export const EXTENSION_CODELISTS: Readonly<Record<string, string>> = extensionCodelists;
