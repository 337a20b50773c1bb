import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createRng, type Judge, type Verdict } from '../../core/index.js';
import { createEmbeddedJudge } from '../../rrm/index.js';
import { objectSeenAt } from './apply-program.js';
import type { EditProgram } from './edit-program.js';
import { editOutcome, oracleOfScene } from './edit-outcome.js';
import { makeEditTasks, type EditTask } from './edit-task.js';
import { editorReward } from './editor-reward.js';
import { createHolisticJudge } from './holistic-judge.js';

/** A judge that gives fixed scores in turn, or throws on NaN: to see exactly what the reward does with them. */
function scriptedJudge(scores: number[]): Judge {
  let i = 0;
  const judge = async (): Promise<Verdict> => {
    const finalScore = scores[i++ % scores.length]!;
    if (Number.isNaN(finalScore)) throw new Error('unparseable reply');
    return {
      points: [],
      averageScore: null,
      finalScore,
      trace: '',
      judge: 'scripted',
      rulesApplied: [],
      verifiedShare: 1,
      latencyMs: 0,
    };
  };
  return { id: 'scripted', judge, sample: () => Promise.reject(new Error('not used')) };
}

let tasks: EditTask[] = [];
/** The program that does exactly what each colour edit asks. */
let perfect: EditProgram[] = [];
before(async () => {
  tasks = await makeEditTasks({ seed: 21, count: 3, categories: ['color_alter'] });
  perfect = tasks.map((task) => {
    const after = task.edit.target.objects.find((o, i) => o.color !== task.source.objects[i]!.color)!;
    const object = task.seen.objects.findIndex(
      (_, k) => objectSeenAt(task.source, task.seen, k)?.id === after.id,
    );
    return { op: 'recolor', object, color: after.color };
  });
});

describe('editorReward', () => {
  it('is finalScore / 10 per program, with a failed judgement given 0 and counted', async () => {
    const reward = editorReward(scriptedJudge([7, Number.NaN, 10]), { concurrency: 1 });
    const noop: EditProgram = { op: 'noop' };
    const rewards = await reward(tasks, [noop, noop, noop]);
    assert.deepEqual(rewards, [0.7, 0, 1]);
    assert.equal(reward.watch.last()!.judgeFailures, 1);
  });

  it("logs the oracle's score of each edit beside the judge's reward", async () => {
    const reward = editorReward(scriptedJudge([5]));
    const noop: EditProgram = { op: 'noop' };
    await reward(tasks, perfect);
    await reward(tasks, [noop, noop, noop]);
    assert.equal(reward.watch.batches.length, 2);
    assert.deepEqual(reward.watch.batches[0]!.oracle, [1, 1, 1], 'the perfect recolours: oracle 10/10');
    assert.deepEqual(reward.watch.batches[1]!.oracle, [0, 0, 0], 'no edit: oracle 0');
    assert.deepEqual(reward.watch.extra().oracleMean, 0);
    assert.deepEqual(reward.watch.extra().judgeMinusOracle, 0.5);
  });

  it('with the embedded judge, rewards the asked edit above no edit and a wrong colour', async () => {
    const reward = editorReward(createEmbeddedJudge());
    const good = await reward(tasks, perfect);
    const none = await reward(
      tasks,
      tasks.map(() => ({ op: 'noop' })),
    );
    const wrong = await reward(
      tasks,
      perfect.map((p) => ({ ...p, color: p.color === 'black' ? 'yellow' : 'black' })),
    );
    good.forEach((g, i) => {
      assert.ok(g > none[i]! && g > wrong[i]!, `task ${i}: ${g} vs ${none[i]}, ${wrong[i]}`);
    });
    assert.deepEqual(none, [0, 0, 0]);
  });
});

describe('createHolisticJudge', () => {
  it('scores the share of named concepts the edit shows, 0 for no edit, and is blind to what should be gone', async () => {
    const judge = createHolisticJudge();
    const task = tasks[0]!;
    const { image } = await editOutcome(task, perfect[0]!);
    const asked = await judge.judge({
      source: task.sourceImage,
      edited: image,
      instruction: task.edit.instruction,
    });
    // "Make the pink square purple": pink, square, purple named; the edit shows square and purple.
    assert.match(task.edit.instruction, /pink square purple/i);
    assert.equal(asked.finalScore, 6.67, asked.trace);
    const same = await judge.judge({
      source: task.sourceImage,
      edited: task.sourceImage,
      instruction: task.edit.instruction,
    });
    assert.equal(same.finalScore, 0);
    assert.equal(same.rulesApplied[0]!.rule, 'near-identical');
    // "Remove the X": an edit that keeps X and changes something else scores full marks here.
    const removal = (await makeEditTasks({ seed: 5, count: 1, categories: ['subject-remove'] }))[0]!;
    const kept = await editOutcome(removal, {
      op: 'background',
      background: removal.source.background.color === 'mint' ? 'peach' : 'mint',
    });
    const verdict = await judge.judge({
      source: removal.sourceImage,
      edited: kept.image,
      instruction: removal.edit.instruction,
    });
    assert.equal(verdict.finalScore, 10, verdict.trace);
    assert.ok(oracleOfScene(removal, kept.scene) < 3, 'the oracle sees the object was not removed');
    const set = await judge.sample(
      { source: task.sourceImage, edited: image, instruction: task.edit.instruction },
      3,
      {
        seed: createRng(1).int(0, 9),
      },
    );
    assert.deepEqual(
      set.verdicts.map((v) => v.finalScore),
      [6.67, 6.67, 6.67],
    );
  });
});
