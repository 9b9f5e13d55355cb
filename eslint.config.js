import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'schema/**', '.tmp-export-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The two classic hooks rules only, both errors: a warning does not fail `npm test`, so a stale
    // closure (a missing effect dependency) would pass unnoticed. The plugin's `recommended` preset also
    // turns on the React Compiler's rules (set-state-in-effect, refs, immutability), which ask for
    // restructuring components rather than fixing bugs; they are not enabled here.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
