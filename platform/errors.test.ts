import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * A refusal that names one field carries that field's problem code (`invalidFields`), on every
 * path: it is written with invalidField, never as badUserInput with a `field` or `argument` of its
 * own, which would name the field without a code. Checked on the source, so a refusal no test
 * provokes is held to it too.
 */

const ROOT = join(import.meta.dirname, '..');
const NAMING_A_FIELD = new Set(['field', 'argument']);

/** The badUserInput calls of a module that name a field, or pass details this check cannot read, as `file:line`. */
function fieldRefusalsWithoutCode(source: string, file: string): string[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'badUserInput') {
      const details = node.arguments[1];
      const opaque = details && !ts.isObjectLiteralExpression(details);
      const names = details && ts.isObjectLiteralExpression(details) && details.properties.some(namesAField);
      if (opaque || names) found.push(`${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

function namesAField(property: ts.ObjectLiteralElementLike): boolean {
  if (ts.isSpreadAssignment(property)) return true; // what it spreads may name one
  const name = property.name;
  return !!name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) && NAMING_A_FIELD.has(name.text);
}

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : modules(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('a refusal naming one field', () => {
  it('is found by the check when written as badUserInput with a field, an argument or opaque details', () => {
    const source = `
      throw badUserInput('a', { field: 'reason' });
      throw badUserInput('b', { argument });
      throw badUserInput('c', details);
      throw badUserInput('d', { ...details });
      throw badUserInput('e');
      throw badUserInput('f', { headSequence: 3 });`;
    expect(fieldRefusalsWithoutCode(source, 'x.ts')).toEqual(['x.ts:2', 'x.ts:3', 'x.ts:4', 'x.ts:5']);
  });

  it('carries its problem code everywhere under subgraphs/ and gateway/ (invalidField, platform/errors.ts)', () => {
    const offending = ['subgraphs', 'gateway'].flatMap((dir) =>
      modules(join(ROOT, dir)).flatMap((path) => fieldRefusalsWithoutCode(readFileSync(path, 'utf8'), relative(ROOT, path))),
    );
    expect(offending).toEqual([]);
  });
});
