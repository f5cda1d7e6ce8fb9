// The layers, bottom up: contracts/ → platform/ → subgraphs/kit/ → one subgraph; demo/ sits on contracts/.
// The gateway stands on platform/ and contracts/ only. schema/, scripts/, bench/ and test/ wire the
// whole graph together and may import any layer. Each rule below names what a layer may not reach.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const SUBGRAPHS = ['organizations', 'incidents', 'advisories', 'mail', 'statistics'];

/** A `no-restricted-imports` rule refusing relative or package imports that match these patterns. */
function refuse(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns: patterns.map(([regex, message]) => ({ regex, message })) }] };
}

const ORM = [
  '^(@mikro-orm/|knex$|pg$|type-graphql$|@apollo/subgraph)',
  'platform/ runs in the gateway too: no ORM, no database, no type-graphql',
];
const SUBGRAPH_CODE = ['(^|/)subgraphs/', 'subgraph code belongs to the subgraphs: the gateway and the lower layers never import it'];
const GATEWAY_CODE = ['(^|/)gateway/', 'the gateway is a top layer: nothing below it imports it'];
const DEMO_DATA = ['(^|/)demo/', 'demo ids and data are for seeds, scripts and tests, not for the running layers below them'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-undef': 'off',
      // Prettier wraps code at 140; strings (SQL, messages, the forms' Thai labels) stay whole so they can be searched for.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  // Tests and benchmarks read GraphQL answers as untyped JSON and assert on their shape.
  { files: ['test/**', 'bench/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['contracts/*'],
    rules: refuse(['^\\.\\./', 'contracts/ is the bottom layer: plain types and vocabulary, importing no other layer']),
  },
  // The feeds' contracts name the vocabulary one folder up, and still nothing outside contracts/.
  {
    files: ['contracts/*/**'],
    rules: refuse(['^\\.\\./\\.\\./', 'contracts/ is the bottom layer: plain types and vocabulary, importing no other layer']),
  },
  {
    files: ['console/**'],
    rules: refuse([
      '(^|/)(contracts|platform|gateway|subgraphs|demo)/',
      'the console talks to the graph only through its public API, as a third-party dashboard would: it imports no server code',
    ]),
  },
  { files: ['platform/**'], rules: refuse(ORM, SUBGRAPH_CODE, GATEWAY_CODE, DEMO_DATA) },
  { files: ['demo/**'], rules: refuse(SUBGRAPH_CODE, GATEWAY_CODE, ['(^|/)platform/', 'demo data names the contracts only']) },
  {
    files: ['gateway/**'],
    rules: refuse(SUBGRAPH_CODE, DEMO_DATA, ['^(@mikro-orm/|knex$|pg$|type-graphql$)', 'the gateway never touches a database']),
  },
  {
    files: ['subgraphs/kit/**'],
    rules: refuse(GATEWAY_CODE, DEMO_DATA, [`(^|/)(${SUBGRAPHS.join('|')})/src/`, 'the kit serves every subgraph and knows none']),
  },
  ...SUBGRAPHS.map((name) => ({
    files: [`subgraphs/${name}/**`],
    rules: refuse(GATEWAY_CODE, [
      `(^|/)(${SUBGRAPHS.filter((other) => other !== name).join('|')})/src/`,
      'no subgraph imports another: what they share is a contract (contracts/) or the kit (subgraphs/kit/)',
    ]),
  })),
);
