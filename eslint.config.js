import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noServerCode = {
  regex: '^(\\.\\./)+server(/|$)',
  message: 'The dashboard must not import server code: it holds credentials and Node-only modules.',
  // Types are erased from the bundle: the typed client (src/lib/api-client.ts) reads the routes' types this way.
  allowTypeImports: true,
};

export default tseslint.config(
  { ignores: ['dist', 'build', 'node_modules', '.data', '.wrangler', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The browser bundle never imports server code (it holds credentials and Node-only modules).
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noServerCode] }],
    },
  },
  // Feature folders do not import each other; the app shell (src/app) composes them (bulletproof-react).
  ...['images', 'filters', 'actions'].map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            noServerCode,
            {
              regex: `^(\\.\\./)+(features/)?(?!${feature}(/|$))(images|filters|actions)(/|$)`,
              message: `Features do not import each other: move shared code to src/lib or src/components, or compose in src/app.`,
            },
          ],
        },
      ],
    },
  })),
);
