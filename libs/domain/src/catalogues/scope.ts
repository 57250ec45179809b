import type { RuleScope, ScopeFacts } from '../calendar';
import { compareYuan } from '../identifiers';

export type ScopeOutcome =
  | { applies: true }
  | { applies: false }
  /** A fact the scope needs was not given: the rule is unchecked, never guessed either way. */
  | { applies: 'unknown'; missing: Array<keyof ScopeFacts> };

/** Does a rule's scope bind an event with these facts? */
export function scopeOutcome(scope: RuleScope | undefined, facts: ScopeFacts = {}): ScopeOutcome {
  if (!scope) return { applies: true };
  const missing: Array<keyof ScopeFacts> = [];
  let applies = true;
  const need = <K extends keyof ScopeFacts>(key: K, test: (value: NonNullable<ScopeFacts[K]>) => boolean) => {
    const value = facts[key];
    if (value === undefined) missing.push(key);
    else if (!test(value as NonNullable<ScopeFacts[K]>)) applies = false;
  };
  if (scope.methods) need('method', (method) => scope.methods!.includes(method));
  if (scope.tenderingRequired) need('tenderingRequired', (required) => required);
  if (scope.affectsPreparation) need('affectsPreparation', (affects) => affects);
  if (scope.propertyTransactionKinds) {
    need('propertyTransactionKind', (kind) => scope.propertyTransactionKinds!.includes(kind));
  }
  if (scope.reservePrice) {
    const { above, atMost } = scope.reservePrice;
    need(
      'reservePrice',
      (price) =>
        (above === undefined || compareYuan(price, above) > 0) &&
        (atMost === undefined || compareYuan(price, atMost) <= 0),
    );
  }
  // A fact that is known and rules the event out settles it, whatever else is missing.
  if (!applies) return { applies: false };
  return missing.length > 0 ? { applies: 'unknown', missing } : { applies: true };
}
