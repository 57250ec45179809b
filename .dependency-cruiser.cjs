/**
 * Architecture rules checked by `npm run lint` (docs/architecture.md, "Layout"). The service is
 * apps/gongkai/src: `modules/<context>/<use-case>/` folders, each module's shared `core/`, and `platform/`
 * (HTTP and problem+json, OpenAPI, auth, config, logging, infrastructure) beneath them.
 */
const MODULES = '^apps/gongkai/src/modules/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain holds the rules: no NestJS, no I/O, no other gongkai library.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: {
        pathNot: ['^libs/domain/src', '^node_modules/(zod|chinese-days)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-to-app',
      comment: 'An app reaches another only over its public surface (HTTP), or through a shared library in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'event-store-knows-no-domain',
      comment: 'The store is generic: it must not know transaction rules.',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: '^libs/(domain|projections|sinks)/' },
    },
    {
      name: 'write-engine-is-a-library',
      comment: 'The write engine serves every writer (service, CLI, import): no framework, no read models, no sinks.',
      severity: 'error',
      from: { path: '^libs/write-engine/src' },
      to: { path: ['^libs/(projections|sinks)/', '^node_modules/@nestjs/'] },
    },
    {
      name: 'no-use-case-to-use-case',
      comment:
        'A use case (a folder under modules/<context>/) does not import another use case: what two use cases ' +
        'share lives in its module core/ (or a library), so each can change alone.',
      severity: 'error',
      from: { path: `${MODULES}([^/]+)/([^/]+)/` },
      to: {
        path: `${MODULES}[^/]+/[^/]+/`,
        pathNot: [`${MODULES}$1/$2/`, `${MODULES}[^/]+/core/`],
      },
    },
    {
      name: 'core-does-not-import-http',
      comment:
        'The write and read core (libs, modules/*/core) knows no HTTP: no controllers, no problem+json, no ' +
        'NestJS HTTP adapter. Controllers map its typed results to HTTP.',
      severity: 'error',
      from: { path: ['^libs/', `${MODULES}[^/]+/core/`] },
      to: {
        path: [
          '^apps/gongkai/src/platform/(http|openapi|auth)/',
          '\\.controller\\.ts$',
          '^node_modules/(@nestjs/platform-fastify|fastify|@fastify)/',
        ],
      },
    },
    {
      name: 'platform-does-not-import-modules',
      comment: 'platform/ is beneath the modules: a module may use it, never the other way round.',
      severity: 'error',
      from: { path: '^apps/gongkai/src/platform/', pathNot: '^apps/gongkai/src/platform/openapi/' },
      to: { path: MODULES },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$|/testing/)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
