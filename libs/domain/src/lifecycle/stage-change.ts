/* No imports: the console's DOM-only typecheck reads this file (apps/gongkai/web). */

/** How an event changed the stage it belongs to. */
export type StageChange =
  | 'published'
  /** 更正公告: the announcement as corrected (its restated text, its moved dates). */
  | 'corrected'
  /** A second award naming the winner it replaces (实施条例 第五十五条). */
  | 'replaced'
  /** 履约及变更: the contract as changed (a variation's new amount). */
  | 'changed';
