import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { consoleBundle } from './console-bundle';
import { CONSOLE_CSS, CONSOLE_HTML } from './console-page';

/**
 * Serves the web console (docs/console.md): one page, its stylesheet and its script. The page only talks to
 * the API with the token it keeps in sessionStorage, so these answers hold nothing private and no script but
 * our own may run (Content-Security-Policy).
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

@Controller()
export class ConsoleController {
  @Get()
  root(@Res() reply: FastifyReply): void {
    void reply.redirect('/console', 302);
  }

  @Get('console')
  page(@Res() reply: FastifyReply): void {
    void reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' })
      .type('text/html; charset=utf-8')
      .send(CONSOLE_HTML);
  }

  @Get('console/app.css')
  css(@Res() reply: FastifyReply): void {
    void reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' })
      .type('text/css; charset=utf-8')
      .send(CONSOLE_CSS);
  }

  @Get('console/app.js')
  async script(@Res() reply: FastifyReply): Promise<void> {
    const bundle = await consoleBundle();
    void reply
      .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' })
      .type('text/javascript; charset=utf-8')
      .send(bundle);
  }
}
