// ESLint with typescript-eslint: recommended rules, plus the rule that keeps domain code pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.test-build/', 'node_modules/', 'coverage/', 'data/', 'jest.config.js', '.dependency-cruiser.cjs', 'src/kpis/catalogue/reference/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Domain logic is plain TypeScript: no framework or ORM in the machine, the gate rules or the scoring engine.
    files: ['workflows/**/*.ts', 'src/scoring/engine/**/*.ts', 'src/kpis/catalogue/**/*.ts', 'src/kpis/consistency/**/*.ts', 'src/access/permissions.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', '@electric-sql/*'] }],
    },
  },
);
