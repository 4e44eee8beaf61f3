// Lint: typescript-eslint (type-aware), Lit and web-component rules; formatting is Prettier's.
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-demo/',
      'coverage/',
      'test-results/',
      'node_modules/',
      'contract/*.gen.ts',
      // Type fixtures of the built package, checked by tsc, vue-tsc and svelte-check.
      'test/types/frameworks/',
      // Consumer apps of the packed package, built by their own tools (test/e2e/consumers.test.ts).
      'test/consumers/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'demo/embed/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ...wc.configs['flat/best-practice'],
  },
  {
    files: ['src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts'],
    rules: {
      // Lit binds event listeners in templates to the host, so methods are safe to pass.
      '@typescript-eslint/unbound-method': 'off',
      'lit/no-this-assign-in-render': 'error',
      'lit/no-useless-template-literals': 'error',
      'lit/no-value-attribute': 'error',
      'lit/no-native-attributes': 'error',
      'lit/attribute-names': 'error',
    },
  },
  {
    // The browser bundle must not pull in server code, nor the services in DOM or Lit.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/proxy/**', '**/mock/**', 'node:*', 'hono', 'hono/*'] },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'lit',
            'lit/*',
            '@lit/*',
            '**/components/**',
            'node:*',
            '**/proxy/**',
            '**/mock/**',
          ],
        },
      ],
    },
  },
  {
    // The flow is pure: no Lit, no elements, no controllers (it runs in node tests as it is).
    files: ['src/state/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'lit',
            'lit/*',
            '@lit/*',
            '**/components/**',
            '**/controllers/**',
            'node:*',
            '**/proxy/**',
            '**/mock/**',
          ],
        },
      ],
    },
  },
  {
    // Controllers serve elements and never import one; the later steps' loader is the exception
    // (its dynamic import is what makes them a chunk).
    files: ['src/controllers/**/*.ts'],
    ignores: ['src/controllers/steps.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/components/**', 'node:*', '**/proxy/**', '**/mock/**', 'hono', 'hono/*'] },
      ],
    },
  },
  {
    // The contract is its own part: the widget, the proxy and the mock import it; it imports
    // none of them, nothing of the DOM or Lit, and nothing Node-only (the proxy runs on edges).
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'lit',
            'lit/*',
            '@lit/*',
            'hono',
            'hono/*',
            'node:*',
            '**/src/**',
            '**/proxy/**',
            '**/mock/**',
          ],
        },
      ],
    },
  },
  {
    // Server code imports the contract, never the widget.
    files: ['proxy/**/*.ts', 'mock/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['lit', 'lit/*', '@lit/*', '**/src/**', '**/components/**'] },
      ],
    },
  },
  {
    // The proxy's handler and its middleware run on Node and on workerd/Workers alike: nothing
    // Node-only, nothing of the widget, the mock or the Node entries.
    files: [
      'proxy/index.ts',
      'proxy/http.ts',
      'proxy/options.ts',
      'proxy/session.ts',
      'proxy/rate-limit.ts',
      'proxy/middleware/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'lit',
            'lit/*',
            '@lit/*',
            'node:*',
            '**/src/**',
            '**/components/**',
            '**/mock/**',
            '**/node.ts',
            '**/node-fetch.ts',
            '**/cli.ts',
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  {
    // The demo host pages' own scripts run in the browser, as served.
    files: ['demo/embed/*.js'],
    languageOptions: { globals: globals.browser },
  },
);
