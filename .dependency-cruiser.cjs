/** Architecture rules checked by `npm run lint`. */
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
      name: 'event-store-knows-no-domain',
      comment: 'The store is generic: it must not know transaction rules.',
      severity: 'error',
      from: { path: '^libs/event-store/src' },
      to: { path: '^libs/(domain|projections|sinks)/' },
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
