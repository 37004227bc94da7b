// eslint over every TypeScript (and JavaScript) file of ours; `npm run lint` (part of `npm test`) allows no warning.
// Formatting is prettier's (`npm run format:check`); eslint-config-prettier turns off the stylistic rules that would fight it,
// and only max-len (which prettier does not enforce on strings and comments) and complexity are added back.
// Functions allowed above complexity 10 are named where they are defined, each with an
// `eslint-disable-next-line complexity -- <why>` comment: no blanket exception.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/**', '.fabric/**', 'chaincode/dist/**', 'chaincode/node_modules/**', 'coverage/**', 'tools/**', 'ui/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      complexity: ['error', 10],
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: false, ignoreTemplateLiterals: false, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
