import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { createFakeJudge } from './bench-fixtures.js';
import { runBench } from './run-bench.js';
import { binScores } from './score-histogram-svg.js';
import type { BenchResult } from './types.js';
import { worstJudgedPairs } from './worst-pairs.js';
import { writeBenchReport } from './write-bench-report.js';

let dir: string;
let result: BenchResult;
const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

/** A 600x400 picture (larger than a thumbnail) whose red channel sets the fake judge's score. */
function picture(red: number): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 400, channels: 3, background: { r: red, g: 10, b: 10 } } })
    .png()
    .toBuffer();
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-report-'));
  for (const red of [0, 51, 102, 153, 204]) await writeFile(join(dir, `r${red}.png`), await picture(red));
  const pair = (id: string, category: string, preference: string, a: string, b: string) =>
    JSON.stringify({
      id,
      category,
      instruction: `recolour ${id} ${HOSTILE}`,
      source: 'r0.png',
      a,
      b,
      preference,
    });
  await writeFile(
    join(dir, 'pairs.jsonl'),
    [
      pair('right', 'color_alter', 'a', 'r204.png', 'r51.png'), // 8 vs 2
      pair('wrong-by-4', 'color_alter', 'a', 'r51.png', 'r153.png'), // 2 vs 6
      pair('wrong-by-2', `remove ${HOSTILE}`, 'b', 'r153.png', 'r102.png'), // 6 vs 4
      pair('tied', 'remove', 'a', 'r102.png', 'r102.png'), // 4 vs 4
      pair('same', 'remove', 'same', 'r102.png', 'r153.png'),
      pair('failed', 'remove', 'a', 'missing.png', 'r102.png'),
    ].join('\n'),
  );
  result = await runBench({
    pairsFile: join(dir, 'pairs.jsonl'),
    judge: createFakeJudge(),
    cacheFile: false,
  });
});
after(() => rm(dir, { recursive: true, force: true }));

test('worst-judged pairs: wrong ones and ties, the largest wrong-way gap first', () => {
  assert.deepEqual(
    worstJudgedPairs(result.pairs).map((p) => p.id),
    ['wrong-by-4', 'wrong-by-2', 'tied'],
  );
  assert.deepEqual(
    worstJudgedPairs(result.pairs, 1).map((p) => p.id),
    ['wrong-by-4'],
  );
});

test('histogram bins: width 1 over 0-10, a 10 in the last bin', () => {
  assert.deepEqual(binScores([0, 0.99, 1, 5.5, 9.99, 10]), [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
});

test('the report is one self-contained page: escaped text, inline SVG, embedded thumbnails', async () => {
  const file = join(dir, 'report.html');
  await writeBenchReport(result, file);
  const html = await readFile(file, 'utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img src=x/);
  assert.doesNotMatch(html, /(src|href)="https?:/);
  assert.doesNotMatch(html, /<link/);
  assert.ok(
    html.includes(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    ),
  );
  // Two charts: the accuracy bars (with whiskers) and the histogram.
  assert.equal(html.match(/<svg /g)?.length, 2);
  assert.match(html, /class="whisker"/);
  // Categories, overall and macro rows, the escaped category name among them.
  assert.match(html, /all pairs \(4\)/);
  assert.match(html, /remove &lt;script&gt;/);
  // Three worst pairs, three pictures each, every one at most 256 px on its longest side.
  const urls = [...html.matchAll(/<img src="data:image\/jpeg;base64,([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(urls.length, 9);
  for (const b64 of urls) {
    const meta = await sharp(Buffer.from(b64, 'base64')).metadata();
    assert.deepEqual([meta.width, meta.height], [256, 171]);
  }
  // The unmet point and its (model-written) reason, escaped; the failed pair with its message.
  assert.match(html, /Is the edit done\?/);
  assert.match(html, /failed \(line 6\): edit a: cannot read image .*missing\.png/);
  assert.match(html, /Failed pairs \(1\)/);
});
