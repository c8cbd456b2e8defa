import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'src/lib/paraglide/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig },
    },
  },
  {
    // The pure core: no view libraries, no Node APIs (it runs in the page and in Web Workers), no
    // wall clock, no global randomness.
    files: [
      'src/lib/sim/**/*.ts',
      'src/lib/spark/**/*.ts',
      'src/lib/scenario/**/*.ts',
      'src/lib/logs/**/*.ts',
      'src/lib/world/**/*.ts',
      'src/lib/run/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['svelte', 'svelte/*', 'd3', 'd3-*', '$app/*', '**/view/*', '**/routes/*'],
              message: 'The pure core must not import view code.',
            },
            { group: ['node:*'], message: 'The pure core runs in the browser: no Node APIs.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use the kernel clock (io.now).' },
        { object: 'Math', property: 'random', message: 'Use the seeded stream (io.random()).' },
        { object: 'performance', property: 'now', message: 'Use the kernel clock (io.now).' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use a kernel timer.' },
        { name: 'setInterval', message: 'Use a kernel timer.' },
      ],
    },
  },
  {
    // The log template table is data the model and the log reader share: sim types and refs only.
    files: ['src/lib/spark/log-templates/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:\\.\\./(?!refs$|\\.\\./sim/types$)|svelte|d3|node:)',
              message: 'log-templates may import only src/lib/sim/types and src/lib/spark/refs.',
            },
          ],
        },
      ],
    },
  },
  {
    // The log reader: sim and spark only (no scenario, runtime or view), no Node APIs.
    files: ['src/lib/logs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../scenario/*',
                '../runtime/*',
                '../view/*',
                '**/routes/*',
                'svelte',
                'svelte/*',
                'd3',
                'd3-*',
                'node:*',
              ],
              message: 'src/lib/logs may import only sim and spark, and no Node APIs.',
            },
          ],
        },
      ],
    },
  },
  {
    // The world is read from a trace alone: never from a session, a kernel's host or a thread.
    files: ['src/lib/world/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['svelte', 'svelte/*', 'd3', 'd3-*', '$app/*', '**/view/*', '**/routes/*', '**/runtime/*'],
              message: 'The world reads a trace, not a session or the view.',
            },
          ],
        },
      ],
    },
  },
  {
    // Statecharts are made from the machines without the view or Node; ELK runs only in the build script.
    files: ['src/lib/statechart/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'svelte',
                'svelte/*',
                'd3',
                'd3-*',
                '$app/*',
                '**/view/*',
                '**/routes/*',
                '**/runtime/*',
                'node:*',
              ],
              message: 'src/lib/statechart reads machines and traces only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The page draws the laid-out charts; ELK (1.6 MB) never ships to it.
    files: ['src/lib/view/**/*', 'src/routes/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['elkjs', 'elkjs/*', '**/statechart/layout', '**/statechart/build'],
              message: 'Charts are laid out by npm run statecharts; the page reads statechart/charts.json.',
            },
            {
              // The first page stays small (the bench counts its scripts): the log reader, the
              // in-process runtime and the Spark actors load only when they run.
              regex: '(^|/)(replay(/index|/replay)?|logs(/index)?|runtime/inprocess|spark/registry)$|^xstate$',
              allowTypeImports: true,
              message:
                'Import what the page needs from its own module (replay/explain, replay/not-a-log…); the reader loads lazily.',
            },
          ],
        },
      ],
    },
  },
);
