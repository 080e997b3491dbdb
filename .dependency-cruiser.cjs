/**
 * The layering, checked in CI (`npm run lint:layers`): the pure folders import no framework and no
 * server code, and no two files and no two feature folders import each other in a cycle.
 */
const PURE = '^(workflows/|src/scoring/engine/|src/kpis/catalogue/|src/kpis/consistency/|src/access/permissions\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'pure-domain-no-framework',
      severity: 'error',
      comment: 'The machine, the gate rules, the scoring engine, the catalogue and its consistency checks are plain TypeScript: no Nest, TypeORM, pg or PGlite.',
      from: { path: PURE },
      to: { path: '(^|node_modules/)(@nestjs|typeorm|pg|@electric-sql|express|class-validator|class-transformer)(/|$)' },
    },
    {
      name: 'pure-domain-imports-pure-code',
      severity: 'error',
      comment: 'Pure code imports only pure code (and node built-ins or plain libraries).',
      from: { path: PURE },
      to: { path: '^(src|migrations|test)/', pathNot: PURE },
    },
    {
      name: 'no-file-cycles',
      severity: 'error',
      comment: 'No two files import each other, directly or through others.',
      from: { path: '^(src|workflows)/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      scope: 'folder',
      comment: 'No two folders import each other, directly or through others: each folder is one module with its own place in the layering.',
      from: { path: '^(src|workflows)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|coverage)/|\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
