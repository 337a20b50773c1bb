import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cohenKappa, contingencyTable } from './cohen-kappa.js';
import { fleissKappa } from './fleiss-kappa.js';

test("Cohen's kappa on a 2x2 table: 50 items, po = 35/50, pe = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4", () => {
  // Rater 1 said yes to 25 items, rater 2 to 30; they agreed on 20 yes and 15 no.
  assert.ok(
    Math.abs(
      cohenKappa([
        [20, 5],
        [10, 15],
      ])! - 0.4,
    ) < 1e-12,
  );
});

test("Cohen's kappa on a 3x3 table (a, b, same): po = 8/12, pe = 52/144, kappa = 44/92", () => {
  // Rows (first rater) sum to 6, 4, 2; columns (second) to 5, 4, 3; pe = (6*5 + 4*4 + 2*3) / 144.
  const table = [
    [4, 1, 1],
    [0, 3, 1],
    [1, 0, 1],
  ];
  assert.ok(Math.abs(cohenKappa(table)! - 44 / 92) < 1e-12);
  // Perfect agreement is 1; agreement exactly at chance is 0.
  assert.equal(
    cohenKappa([
      [3, 0, 0],
      [0, 2, 0],
      [0, 0, 1],
    ]),
    1,
  );
  assert.ok(
    Math.abs(
      cohenKappa([
        [1, 1],
        [1, 1],
      ])!,
    ) < 1e-12,
  );
});

test("Cohen's kappa is null with no items or when both raters used one category only", () => {
  assert.equal(
    cohenKappa([
      [0, 0],
      [0, 0],
    ]),
    null,
  );
  assert.equal(
    cohenKappa([
      [4, 0],
      [0, 0],
    ]),
    null,
  );
  assert.throws(() => cohenKappa([[1, 2]]), /square/);
});

test('contingencyTable counts each (first, second) category pair', () => {
  const table = contingencyTable(
    ['a', 'b', 'same'],
    [
      ['a', 'a'],
      ['a', 'b'],
      ['same', 'a'],
      ['a', 'a'],
    ],
  );
  assert.deepEqual(table, [
    [2, 1, 0],
    [0, 0, 0],
    [1, 0, 0],
  ]);
});

test("Fleiss' kappa: Wikipedia's worked example (10 subjects, 14 raters, 5 categories) is 0.210", () => {
  const counts = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  // By hand: sum_i (sum_j n_ij^2 - 14) = 182+46+56+80+60+84+44+32+52+52 = 688, so P-bar = 688 / (10*182);
  // column totals 20, 28, 39, 21, 32 give Pe = (400+784+1521+441+1024) / 140^2 = 4170 / 19600.
  const pBar = 688 / 1820;
  const pe = 4170 / 19600;
  const kappa = fleissKappa(counts)!;
  assert.ok(Math.abs(kappa - (pBar - pe) / (1 - pe)) < 1e-12);
  assert.equal(kappa.toFixed(3), '0.210');
});

test("Fleiss' kappa with 2 raters and 3 categories by hand, and its refusals", () => {
  // Subjects: both a; both b; a and same. P_i = 1, 1, 0 -> P-bar = 2/3.
  // Shares: a 3/6, b 2/6, same 1/6 -> Pe = (9 + 4 + 1) / 36 = 14/36; kappa = (2/3 - 14/36) / (22/36) = 10/22.
  const kappa = fleissKappa([
    [2, 0, 0],
    [0, 2, 0],
    [1, 0, 1],
  ])!;
  assert.ok(Math.abs(kappa - 10 / 22) < 1e-12);
  assert.equal(fleissKappa([]), null);
  assert.equal(
    fleissKappa([
      [2, 0],
      [2, 0],
    ]),
    null,
  );
  assert.throws(
    () =>
      fleissKappa([
        [2, 0],
        [1, 0],
      ]),
    /same raters/,
  );
  assert.throws(() => fleissKappa([[1, 0]]), /at least 2 raters/);
});
