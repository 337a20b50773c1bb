import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createJudgeAndDecomposer } from '../create-judge.js';
import { createRewardClient } from './client.js';
import { startRewardServer } from './start-reward-server.js';
import { RECOLOUR, sceneDataUrl } from './test-fixtures.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));
const CLIENT = join(EXAMPLES, 'flow_grpo_reward.py');

const hasPython = spawnSync('python3', ['--version']).status === 0;
// CI installs python3 (.ci/run), so there a missing one fails rather than skips.
if (!hasPython && process.env.CI) throw new Error('python3 is missing: .ci/run must install it');
const skip = hasPython
  ? false
  : 'python3 is not installed (apt-get install python3): the Python client is not checked';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function python(args: string[], stdin = ''): Promise<Run> {
  return new Promise((done) => {
    const child = execFile('python3', args, { timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin!.end(stdin);
  });
}

/**
 * The documented use, from a trainer's side: edits as bytes, sources as file paths, one call for the
 * whole batch, rewards printed as JSON in input order.
 */
const DRIVER = `
import json, sys
sys.path.insert(0, ${JSON.stringify(EXAMPLES)})
from flow_grpo_reward import edit_r1_score, RewardServiceError
spec = json.load(sys.stdin)
score = edit_r1_score(spec["url"], api_key=spec["key"], max_retries=0)
images = [open(path, "rb").read() for path in spec["edits"]]
metadata = [{"source": path} for path in spec["sources"]]
try:
    rewards, info = score(images, spec["prompts"], metadata)
except RewardServiceError as error:
    print(error, file=sys.stderr)
    sys.exit(3)
print(json.dumps({"rewards": rewards, "info": info}))
`;

const bytesOf = (dataUrl: string) => Buffer.from(dataUrl.split(',')[1]!, 'base64');

describe('the Python client (examples/flow_grpo_reward.py)', { skip }, () => {
  test('its self-test passes against its fake service', async () => {
    const run = await python([CLIENT, '--self-test']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /self-test passed/);
  });

  describe('against the real service with the embedded judge', () => {
    let dir: string;
    let server: Awaited<ReturnType<typeof startRewardServer>>;
    const files: Record<string, string> = {};
    const urls: Record<string, string> = {};

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'edit-r1-python-client-'));
      const { judge, decomposer } = createJudgeAndDecomposer({ backend: 'embedded' });
      server = await startRewardServer({ judge, decomposer, judgeFingerprint: 'embedded', keys: ['k-py'] });
      // Two sources (the window's colour differs), each with edits the judge scores differently.
      const scenes = {
        sourceA: sceneDataUrl('#d22'),
        sourceB: sceneDataUrl('#d22', '#8c3d6e'),
        blueA: sceneDataUrl('#2255dd'),
        blueB: sceneDataUrl('#2255dd', '#8c3d6e'),
        greenB: sceneDataUrl('#22aa44', '#8c3d6e'),
      };
      for (const [name, pending] of Object.entries(scenes)) {
        urls[name] = await pending;
        files[name] = join(dir, `${name}.png`);
        await writeFile(files[name], bytesOf(urls[name]));
      }
    });
    after(async () => {
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('one call for two interleaved groups: each reward is the TypeScript client’s for that edit, in input order', async () => {
      // Interleaved on purpose: the client groups by source, and must put the answers back in this order.
      const batch = [
        { edit: 'blueA', source: 'sourceA' },
        { edit: 'greenB', source: 'sourceB' },
        { edit: 'sourceA', source: 'sourceA' }, // unchanged: the near-identical rule gives 0
        { edit: 'blueB', source: 'sourceB' },
      ];
      const client = createRewardClient({ baseURL: server.url, apiKey: 'k-py' });
      const expected: number[] = [];
      for (const { edit, source } of batch) {
        const answer = await client.rewards({
          items: [{ source: urls[source]!, edited: [urls[edit]!], instruction: RECOLOUR }],
        });
        expected.push(answer.results[0]!.rewards[0]!.reward);
      }
      assert.equal(expected[2], 0);
      assert.ok(expected[0]! > 0 && expected[3]! > 0, `recoloured edits score above 0: ${expected}`);

      const spec = {
        url: server.url,
        key: 'k-py',
        edits: batch.map((b) => files[b.edit]),
        sources: batch.map((b) => files[b.source]),
        prompts: batch.map(() => RECOLOUR),
      };
      const run = await python(['-c', DRIVER], JSON.stringify(spec));
      assert.equal(run.code, 0, run.stderr);
      const printed = JSON.parse(run.stdout) as { rewards: number[]; info: unknown };
      assert.deepEqual(printed.rewards, expected);
      assert.deepEqual(printed.info, {});
    });

    test('a wrong key raises RewardServiceError with the status and the server’s message', async () => {
      const spec = {
        url: server.url,
        key: 'wrong',
        edits: [files.blueA],
        sources: [files.sourceA],
        prompts: [RECOLOUR],
      };
      const run = await python(['-c', DRIVER], JSON.stringify(spec));
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, /HTTP 401 unauthorized: /);
      assert.equal(run.stdout, '');
    });
  });
});
