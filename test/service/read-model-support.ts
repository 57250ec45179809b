import type { RunningService } from './harness';

export interface ProjectionReportBody {
  name: string;
  generation: number;
  phase: string;
  position: number;
  headPosition: number;
  lagEvents: number;
  rebuild?: unknown;
}

/** Polls `GET /v1/projections` until every projection is live at the store's head (and not rebuilding). */
export async function waitForProjections(
  service: RunningService,
  accept: (reports: ProjectionReportBody[]) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<ProjectionReportBody[]> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const answer = await service.call('GET', '/v1/projections');
    const reports = answer.body.projections as ProjectionReportBody[];
    last = reports;
    if (
      answer.status === 200 &&
      reports.every((r) => r.phase === 'live' && r.lagEvents === 0 && r.rebuild === undefined) &&
      accept(reports)
    ) {
      return reports;
    }
    if (Date.now() > deadline) throw new Error(`projections not caught up: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
