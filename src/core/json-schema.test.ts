import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonSchemas } from './json-schema.js';

test('JSON Schemas are generated for every public shape, with the category enum and check kinds', () => {
  const schemas = jsonSchemas() as Record<
    string,
    { properties?: Record<string, unknown>; required?: string[] }
  >;
  assert.deepEqual(Object.keys(schemas).sort(), ['PointVerdict', 'Principle', 'PrincipleList', 'Verdict']);
  const text = JSON.stringify(schemas.Principle);
  assert.match(text, /"instruction-following","feature-preservation","image-quality"/);
  for (const kind of ['changed', 'change-localized', 'tone', 'text-present', 'no-border'])
    assert.ok(text.includes(`"${kind}"`));
  assert.deepEqual(schemas.Verdict!.required!.sort(), [
    'averageScore',
    'finalScore',
    'judge',
    'latencyMs',
    'points',
    'rulesApplied',
    'trace',
    'verifiedShare',
  ]);
});
