import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StageCounts, StageName } from '../types.js';
import { createProgress, formatDuration } from './progress.js';

function counts(stage: StageName, done: number, failed: number, pending: number, running = 0): StageCounts {
  return { stage, pending, running, done, failed, promptTokens: 0, completionTokens: 0 };
}

function plain(intervalMs = 10_000) {
  const clock = { t: 0 };
  const lines: string[] = [];
  const progress = createProgress({
    stages: ['candidate', 'trace'],
    isTTY: false,
    write: (text) => lines.push(text),
    now: () => clock.t,
    intervalMs,
  });
  return { clock, lines, progress };
}

test('durations read as seconds, minutes, hours or days', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(45_000), '45s');
  assert.equal(formatDuration(221_040), '3m41s');
  assert.equal(formatDuration(65_000), '1m05s');
  assert.equal(formatDuration(7_500_000), '2h05m');
  assert.equal(formatDuration((3 * 86_400 + 4 * 3600) * 1000), '3d04h');
});

test('plain lines: counts, the rate since the first sample, and the ETA of what is left', () => {
  const { clock, lines, progress } = plain();
  // A resumed run: 487 already done before this process started; they do not count towards the rate.
  progress.update([counts('candidate', 0, 0, 0), counts('trace', 487, 0, 3513)]);
  clock.t = 60_000;
  progress.update([counts('trace', 1234, 3, 2763)]);
  // 750 settled in 60 s = 12.5/s; 2763 left / 12.5 = 221.04 s.
  assert.deepEqual(lines, [
    'trace 487/4000 done, 0 failed, ?/s, ETA ?\n',
    'trace 1234/4000 done, 3 failed, 12.5/s, ETA 3m41s\n',
  ]);
});

test('plain lines: at most one per stage per interval, none when nothing changed, the last at stop', () => {
  const { clock, lines, progress } = plain();
  progress.update([counts('trace', 0, 0, 100)]);
  clock.t = 5000;
  progress.update([counts('trace', 10, 0, 90)]); // too soon
  clock.t = 10_000;
  progress.update([counts('trace', 20, 0, 80)]);
  clock.t = 25_000;
  progress.update([counts('trace', 20, 0, 80)]); // unchanged
  clock.t = 28_000;
  progress.update([counts('trace', 99, 1, 0)]); // changed, too soon
  clock.t = 29_000;
  progress.stop();
  assert.deepEqual(lines, [
    'trace 0/100 done, 0 failed, ?/s, ETA ?\n',
    // 20 in 10 s = 2/s, 80 left.
    'trace 20/100 done, 0 failed, 2.0/s, ETA 40s\n',
    // 100 settled in 28 s (the last update; stop adds no sample) = 3.57/s.
    'trace 99/100 done, 1 failed, 3.6/s, ETA 0s\n',
  ]);
  progress.stop();
  assert.equal(lines.length, 3, 'a second stop repeats nothing');
});

test('plain lines: the rate follows the last minute, not the whole run', () => {
  const { clock, lines, progress } = plain();
  progress.update([counts('trace', 0, 0, 10_000)]);
  clock.t = 60_000;
  progress.update([counts('trace', 6000, 0, 4000)]); // 100/s
  clock.t = 100_000;
  progress.update([counts('trace', 6000, 0, 4000)]); // stalled: unchanged, no line
  clock.t = 130_000;
  progress.update([counts('trace', 6070, 0, 3930)]);
  // Baseline is the sample at 60 s, the last one at or before 130 s - 60 s: 70 in 70 s = 1/s.
  assert.equal(lines.at(-1), 'trace 6070/10000 done, 0 failed, 1.0/s, ETA 1h05m\n');
});

test('on a terminal, bars show each stage with its counts, rate and ETA', () => {
  const clock = { t: 0 };
  let output = '';
  const progress = createProgress({
    stages: ['decompose', 'trace'],
    isTTY: true,
    write: (text) => {
      output += text;
    },
    now: () => clock.t,
  });
  progress.update([counts('decompose', 10, 0, 0), counts('trace', 487, 0, 3513)]);
  clock.t = 60_000;
  progress.update([counts('trace', 1234, 3, 2763)]);
  progress.stop();
  assert.match(output, /decompose .* 10\/10 done \| 0 failed/);
  assert.match(output, /trace {5}.* 1234\/4000 done \| 3 failed \| 12\.5\/s \| ETA 3m41s/);
});
