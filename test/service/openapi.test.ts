import { startService, type RunningService } from './harness';

interface Route {
  method: string;
  /** In OpenAPI form: `/v1/transactions/{id}/events`. */
  path: string;
  /** As Fastify registered it: `/v1/transactions/:id/events`, a literal colon doubled (`events::batch`). */
  fastifyUrl: string;
}

const toOpenApiPath = (url: string) => url.replace(/\/:(\w+)/g, '/{$1}');
const toFastifyUrl = (url: string) => url.replace(/([^/]):/g, '$1::');

/**
 * The routes of Fastify's printed tree (`printRoutes({ commonPrefix: false })`): each line is a path
 * segment, indented four characters per level, with its methods in parentheses. HEAD is left out (Fastify
 * adds it to every GET).
 */
function parseRouteTree(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([\s│]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const url = stack.join('');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) {
      routes.push({ method, path: toOpenApiPath(url), fastifyUrl: toFastifyUrl(url) });
    }
  }
  return routes;
}

describe('/openapi.json documents every route the service registers', () => {
  let service: RunningService;
  let routes: Route[];
  let paths: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    service = await startService();
    const fastify = service.service.app.getHttpAdapter().getInstance();
    const answer = await service.call('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    paths = answer.body.paths as Record<string, Record<string, unknown>>;
    // find-my-way prints a wildcard route (`/v1/log/tile/*`) as a bare `*`, without its prefix: such a line
    // stands for the documented wildcard paths Fastify knows, and there must be at least one. (Under the root
    // route `GET /`, which redirects to the console, it prints as `/*`.)
    const wildcards = Object.keys(paths).filter((p) => p.endsWith('/*'));
    routes = parseRouteTree(fastify.printRoutes({ commonPrefix: false })).flatMap((route) => {
      if (route.path !== '*' && route.path !== '/*') return [route];
      const known = wildcards.filter((w) => fastify.hasRoute({ method: route.method, url: w }));
      expect({ wildcard: route.method, known: known.length > 0 }).toEqual({
        wildcard: route.method,
        known: true,
      });
      return known.map((w) => ({ ...route, path: w, fastifyUrl: w }));
    });
    // The parser must read the tree right: every route it found is one Fastify knows.
    for (const route of routes) {
      expect({ ...route, known: fastify.hasRoute({ method: route.method, url: route.fastifyUrl }) }).toEqual({
        ...route,
        known: true,
      });
    }
  });
  afterAll(() => service.stop());

  it('reads the registered routes from Fastify', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          method: 'POST',
          path: '/v1/events:batch',
          fastifyUrl: '/v1/events::batch',
        }),
        expect.objectContaining({ method: 'POST', path: '/v1/sinks/dead-letters/{id}/retry' }),
        expect.objectContaining({ method: 'GET', path: '/v1/findings/open-items' }),
      ]),
    );
  });

  it('has an operation for every registered method and path', () => {
    const undocumented = routes
      .filter((route) => paths[route.path]?.[route.method.toLowerCase()] === undefined)
      .map((route) => `${route.method} ${route.path}`);
    expect(undocumented).toEqual([]);
  });

  it('documents no operation the service does not serve', () => {
    const served = new Set(routes.map((route) => `${route.method} ${route.path}`));
    const stale = Object.entries(paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .map((method) => `${method.toUpperCase()} ${path}`)
        .filter((operation) => !served.has(operation)),
    );
    expect(stale).toEqual([]);
  });

  it('declares every path parameter of a templated path', () => {
    for (const [path, operations] of Object.entries(paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const operation of Object.values(operations) as Array<{
        parameters?: Array<{ in: string; name: string }>;
      }>) {
        const declared = (operation.parameters ?? [])
          .filter((p) => p.in === 'path')
          .map((p) => p.name)
          .sort();
        expect({ path, declared }).toEqual({ path, declared: names });
      }
    }
  });

  it('describes the feed as an event stream', () => {
    const feed = paths['/v1/feed']!.get as {
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(Object.keys(feed.responses['200']!.content!)).toEqual(['text/event-stream']);
  });
});
