import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';

export interface SessionAnswer {
  role: Principal['role'];
  subject?: string;
  /** A supervisor's or centre's regions. */
  regions?: string[];
}

/** Who the bearer token is: what the console shows and which pages it offers. Never the secret or token id. */
@Controller('v1/session')
export class SessionController {
  @Get()
  whoami(@CurrentPrincipal() principal: Principal): SessionAnswer {
    if (principal.role === 'anonymous') return { role: 'anonymous' };
    const regions = 'regions' in principal.scope ? principal.scope.regions : undefined;
    return {
      role: principal.role,
      subject: principal.subject,
      ...(regions ? { regions: [...regions] } : {}),
    };
  }
}
