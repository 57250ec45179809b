import { Command } from '@nestjs/cqrs';
import type { AppendedEvent, BatchItemOutcome } from '@gongkai/write-engine';
import type { Principal } from '@gongkai/runtime';
import type { ProblemBody } from '../../../platform/http/problem';

export type BatchItemResult =
  | { index: number; eventId?: string; status: 201; replayed: boolean; result: AppendedEvent }
  | { index: number; eventId?: string; status: number; problem: ProblemBody };

export interface BatchResult {
  accepted: number;
  replayed: number;
  failed: number;
  items: BatchItemResult[];
}

export class BatchAppendCommand extends Command<BatchItemOutcome[]> {
  constructor(
    readonly items: readonly unknown[],
    readonly principal: Principal,
  ) {
    super();
  }
}
