/**
 * The one source of "now" for recording: the store stamps `recordedAt` with it and the write path compares
 * claimed publication times against it. Injected, so a test or an import can say what time it is.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock standing at one instant (tests, imports replaying a known recording time). */
export function fixedClock(instant: string | Date): Clock {
  const at = new Date(instant);
  return { now: () => new Date(at) };
}
