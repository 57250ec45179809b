/**
 * The flat lists the specification writes people and firms into (516 通过资格预审的申请人名单: `名称(代码)` joined
 * by `;`), and gongkai's companions in the same form: the rejected with their reasons (`名称(代码):原因`), and
 * natural persons by the masked name of the public view only. Free text going into a list has its separators
 * made full-width (`;` -> `；`, `:` -> `：`), so a reason can never split the list or its entry.
 */

interface Applicant {
  name: string;
  /** A firm's unified social credit code; natural persons have none here (their ID number is never listed). */
  creditCode?: string;
}

const ENTRY_SEPARATOR = ';';
const REASON_SEPARATOR = ':';

/** Separators inside free text, made full-width. */
export function listText(text: string): string {
  return text.replaceAll(';', '；').replaceAll(':', '：').replaceAll('(', '（').replaceAll(')', '）');
}

function applicant(who: Applicant): string {
  const name = listText(who.name);
  return who.creditCode === undefined ? name : `${name}(${who.creditCode})`;
}

/** `名称(代码);名称(代码)`: the specification's PASSED_APPLICANT_LIST. */
export function applicantList(applicants: readonly Applicant[]): string {
  return applicants.map(applicant).join(ENTRY_SEPARATOR);
}

/** `名称(代码):原因;…`: 被拒绝申请人及不合格原因. */
export function rejectedApplicantList(rejected: readonly (Applicant & { reason: string })[]): string {
  return rejected
    .map((who) => `${applicant(who)}${REASON_SEPARATOR}${listText(who.reason)}`)
    .join(ENTRY_SEPARATOR);
}

/** `名称:附注;…`: an entry with one detail each (the dwelling allocated, for instance). */
export function annotatedList<T extends Applicant>(entries: readonly T[], detail: (entry: T) => string): string {
  return entries
    .map((entry) => `${applicant(entry)}${REASON_SEPARATOR}${listText(detail(entry))}`)
    .join(ENTRY_SEPARATOR);
}
