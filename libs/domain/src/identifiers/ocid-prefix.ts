/**
 * The publisher prefix of Open Contracting IDs (`ocds-` and six characters, registered with the Open
 * Contracting Partnership): here, a leaf, so the configuration checks GONGKAI_OCDS_PREFIX without loading the
 * OCDS export (libs/open-data builds the extended release schema when it loads).
 */
export const OCID_PREFIX_PATTERN = /^ocds-[a-z0-9]{6}$/;

/** Not a registered prefix: data published with it says so, and must not be mixed with anyone else's. */
export const PLACEHOLDER_OCID_PREFIX = 'ocds-xxxxxx';
