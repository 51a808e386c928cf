import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.data', '.wrangler', 'test-results', 'playwright-report'] },
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
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Feature folders do not import each other; the app shell (src/app) composes them (bulletproof-react).
      // The browser bundle never imports server code.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/features/images', from: './src/features', except: ['./images'] },
            { target: './src/features/filters', from: './src/features', except: ['./filters'] },
            { target: './src/features/table', from: './src/features', except: ['./table'] },
            { target: './src', from: './server' },
          ],
        },
      ],
    },
  },
);
