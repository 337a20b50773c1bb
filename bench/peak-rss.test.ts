import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { peakRssBytes } from './peak-rss.js';

const skip = existsSync('/proc/self/status') ? false : 'no /proc/self/status: peak RSS is only sampled here';
const HELPER = fileURLToPath(new URL('./peak-rss.ts', import.meta.url));

describe('peakRssBytes', { skip }, () => {
  it('is at least the resident set now, 64 MB just touched included', () => {
    const touched = Buffer.alloc(64 * 2 ** 20, 1);
    const rss = process.memoryUsage.rss();
    assert.ok(rss > touched.length);
    assert.ok(peakRssBytes()! >= rss, `peak ${peakRssBytes()} below the resident set ${rss}`);
  });

  it("counts a child's own memory, not its parent's, unlike getrusage's maxrss", () => {
    // The parent holds 300 MB when it spawns the child; the child touches nothing of its own.
    const held = Buffer.alloc(300 * 2 ** 20, 1);
    const script = `import(${JSON.stringify(HELPER)}).then((m) => console.log(JSON.stringify({ peak: m.peakRssBytes(), maxrss: process.resourceUsage().maxRSS * 1024 })))`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    const { peak, maxrss } = JSON.parse(out) as { peak: number; maxrss: number };
    assert.ok(peak < 200 * 2 ** 20, `the child's own peak is ${peak} bytes`);
    // What the helper is for: here the kernel's maxrss includes the parent's 300 MB.
    assert.ok(maxrss >= held.length, `maxrss ${maxrss}`);
  });
});
