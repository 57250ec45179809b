import { Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Allow } from '../../../platform/auth/auth.guard';
import type { ProjectionReport, ReadModels } from '../../../background/read-models';
import { READ_MODELS } from '../../../platform/di-symbols';

@Controller('v1/projections')
export class ProjectionsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  /** Position, lag (events and seconds), phase, last error and rebuild progress of every projection. */
  @Get()
  async list(): Promise<{ projections: ProjectionReport[] }> {
    return { projections: await this.readModels.status() };
  }

  /** Rebuilds beside the live read model, then switches; answers at once (202), progress in GET. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @Allow('admin')
  async rebuild(@Param('name') name: string): Promise<{ projection: string; rebuilding: true }> {
    await this.readModels.rebuild(name);
    return { projection: name, rebuilding: true };
  }
}
