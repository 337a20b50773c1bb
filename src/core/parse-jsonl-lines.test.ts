import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ConfigError, UsageError } from './errors.js';
import { LineProblems, parseJsonlLines, uniqueById } from './parse-jsonl-lines.js';

const Item = z.object({
  id: z.string().min(1),
  size: z.number().int(),
  unit: z.enum(['px', 'mm'], { error: 'unit must be px or mm' }),
  tags: z.array(z.string()).optional(),
});

/** The problems `parseJsonlLines` found, as the message lines of the ConfigError listing them. */
function listed(problems: LineProblems): string[] {
  try {
    problems.throwIfAny(ConfigError, 'the items JSONL');
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    const [heading, ...lines] = error.message.split('\n');
    assert.match(heading!, /^the items JSONL items\.jsonl has \d+ problems?; fix these lines:$/);
    return lines.map((l) => l.trim());
  }
  return [];
}

test('a good file: every line parsed and numbered from 1, blank lines skipped but counted', () => {
  const problems = new LineProblems('items.jsonl');
  const text = '{"id":"a","size":1,"unit":"px"}\n\n   \n{"id":"b","size":2,"unit":"mm","tags":["x"]}\n';
  assert.deepEqual(parseJsonlLines(text, Item, problems), [
    { line: 1, value: { id: 'a', size: 1, unit: 'px' } },
    { line: 4, value: { id: 'b', size: 2, unit: 'mm', tags: ['x'] } },
  ]);
  assert.deepEqual(listed(problems), []);
});

test('CRLF line endings and a byte order mark read like plain LF text', () => {
  const problems = new LineProblems('items.jsonl');
  const text = '\uFEFF{"id":"a","size":1,"unit":"px"}\r\n\r\n{"id":"b","size":2,"unit":"mm"}\r\n';
  assert.deepEqual(parseJsonlLines(text, Item, problems), [
    { line: 1, value: { id: 'a', size: 1, unit: 'px' } },
    { line: 3, value: { id: 'b', size: 2, unit: 'mm' } },
  ]);
  assert.deepEqual(listed(problems), []);
});

test('bad JSON and every failing field are listed, in line order, with the field path', () => {
  const problems = new LineProblems('items.jsonl');
  const text = [
    '{"id":"a","size":1,"unit":"px"}',
    '{"id":"b",',
    '{"size":1.5,"unit":"px","tags":["x",7]}',
    '[1]',
    '{"id":"c","size":3,"unit":"px"}',
  ].join('\n');
  const lines = parseJsonlLines(text, Item, problems);
  assert.deepEqual(
    lines.map((l) => l.line),
    [1, 5],
  );
  const shown = listed(problems);
  assert.match(shown[0]!, /^items\.jsonl:2: not valid JSON \(.+\); write one JSON object per line$/);
  assert.deepEqual(shown.slice(1), [
    // A missing field says so.
    'items.jsonl:3: id: is missing',
    'items.jsonl:3: size: Invalid input: expected int, received number',
    'items.jsonl:3: tags.1: Invalid input: expected string, received number',
    // The line as a whole is wrong: no field to name.
    'items.jsonl:4: Invalid input: expected object, received array',
  ]);
});

test("a schema's own message wins over 'is missing'", () => {
  const problems = new LineProblems('items.jsonl');
  parseJsonlLines('{"id":"a","size":1}', Item, problems);
  assert.deepEqual(listed(problems), ['items.jsonl:1: unit: unit must be px or mm']);
});

test('problems added by later checks, out of order, are listed by line; at most 50, then a count', () => {
  const problems = new LineProblems('items.jsonl');
  for (let line = 60; line >= 1; line--) problems.add(line, 'id', `bad ${line}`);
  const shown = listed(problems);
  assert.equal(shown.length, 51);
  assert.equal(shown[0], 'items.jsonl:1: id: bad 1');
  assert.equal(shown[49], 'items.jsonl:50: id: bad 50');
  assert.equal(shown[50], '... and 10 more');
});

test("throwFirst throws the earliest problem alone, fields quoted as pairs files say them, in the caller's class", () => {
  const problems = new LineProblems('pairs.jsonl', 'quoted');
  problems.throwFirst(UsageError); // nothing yet: no throw
  problems.add(3, 'id', "'p1' is already used on line 1");
  parseJsonlLines('{"id":"x","size":1,"unit":"px"}\n{"size":2,"unit":"mm"}', Item, problems);
  assert.throws(
    () => problems.throwFirst(UsageError),
    (error: unknown) =>
      error instanceof UsageError &&
      error.exitCode === 2 &&
      error.message === "pairs.jsonl:2: field 'id': is missing",
  );
});

test('uniqueById keeps the first line of each id and names it in a problem for each repeat', () => {
  const problems = new LineProblems('pairs.jsonl', 'quoted');
  const lines = [
    { line: 1, value: { id: 'a' } },
    { line: 2, value: { id: 'b' } },
    { line: 4, value: { id: 'a' } },
    { line: 5, value: { id: 'a' } },
  ];
  assert.deepEqual(
    uniqueById(lines, problems).map((l) => l.line),
    [1, 2],
  );
  assert.throws(
    () => problems.throwIfAny(UsageError, 'pairs file'),
    /2 problems.*pairs\.jsonl:4: field 'id': 'a' is already used on line 1.*pairs\.jsonl:5: field 'id': 'a' is already used on line 1/s,
  );
});
