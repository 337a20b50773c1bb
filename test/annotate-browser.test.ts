// The annotation page in Debian's Chromium against the real server: an annotator labels by keyboard,
// reloads, undoes; a submit in flight or one the server did not store loses nothing and doubles
// nothing; a second annotator sees only their own work; the database holds what was pressed, with
// left/right undone; the page fits 1280x800 and stacks on a phone. Screenshots go to test-artifacts/.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import {
  annotateStats,
  exportPreferences,
  startAnnotateServer,
  type RunningAnnotateServer,
} from '../src/annotate/index.js';
import {
  ARTIFACTS,
  chromiumMissing,
  launchChromium,
  leftEdit,
  waitForPair,
  writeColourPairs,
} from './annotate-browser-fixtures.js';

const PAIRS = 12;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Key = '1' | '2' | '3';
interface Pressed {
  key: Key;
  /** The edit the page showed on the left, read from the screen. */
  left: 'a' | 'b';
}

/** What the store must hold for a key pressed with `left` on the left: the un-randomised preference. */
function expectedChoice({ key, left }: Pressed): 'a' | 'b' | 'same' {
  if (key === '2') return 'same';
  const right = left === 'a' ? 'b' : 'a';
  return key === '1' ? left : right;
}

/**
 * The key for the i-th pair. The two cases that prove left/right is undone come first whenever the
 * side allows (1 with `b` on the left, 3 with `a` on the left); after that keys 1, 3 and 2 take turns.
 */
function keyFor(i: number, left: 'a' | 'b', others: Iterable<Pressed>): Key {
  const done = [...others];
  if (left === 'b' && !done.some((p) => p.key === '1' && p.left === 'b')) return '1';
  if (left === 'a' && !done.some((p) => p.key === '3' && p.left === 'a')) return '3';
  return (['1', '3', '2'] as const)[i % 3]!;
}

const skip = chromiumMissing();

describe('the annotation page in Chromium', { skip }, () => {
  let dir: string;
  let server: RunningAnnotateServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Uncaught errors in any page: there must be none. */
  const pageErrors: string[] = [];
  /** Alice's keys by pair, the last press for each pair winning (as an undo and relabel leaves it). */
  const pressed = new Map<string, Pressed>();
  /** Alice's pairs in the order she labelled them. */
  const order: string[] = [];
  /** Bob's pairs, each labelled 'same' (key 2, then the Same button on the phone). */
  const bobSame: string[] = [];
  /** The pair alice undid. */
  let undone: string | undefined;
  let alice: Page;
  let bob: Page;

  const token = (name: string) => {
    const link = server.links.get(name);
    assert.ok(link, `the server made no sign-in link for ${name}`);
    return new URL(link).hash.slice('#token='.length);
  };

  async function open(name: string, viewport = DESKTOP, mobile = false): Promise<Page> {
    const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    await page.goto(`${server.url}/#token=${token(name)}`);
    return page;
  }

  /** Reads which edit is on the left, presses a key for it, and records both. */
  async function label(page: Page, i: number, progress: string): Promise<string> {
    const pairId = await waitForPair(page, progress);
    const left = await leftEdit(page);
    pressed.delete(pairId);
    const key = keyFor(i, left, pressed.values());
    pressed.set(pairId, { key, left });
    order.push(pairId);
    await page.keyboard.press(key);
    return pairId;
  }

  function liveLabels(annotator: string) {
    const db = new Database(join(dir, 'labels.sqlite'), { readonly: true });
    try {
      return db
        .prepare(
          `SELECT pair_id AS pairId, choice, left_side AS left FROM labels
           WHERE annotator = ? AND undone_at IS NULL ORDER BY pair_id`,
        )
        .all(annotator) as { pairId: string; choice: string; left: string }[];
    } finally {
      db.close();
    }
  }

  function undoneLabels(annotator: string) {
    const db = new Database(join(dir, 'labels.sqlite'), { readonly: true });
    try {
      return db
        .prepare('SELECT pair_id AS pairId FROM labels WHERE annotator = ? AND undone_at IS NOT NULL')
        .all(annotator) as { pairId: string }[];
    } finally {
      db.close();
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edit-r1-annotate-browser-'));
    const pairsFile = await writeColourPairs(dir, PAIRS);
    server = await startAnnotateServer({
      pairsFile,
      dbFile: join(dir, 'labels.sqlite'),
      annotators: ['alice', 'bob'],
      seed: 7,
    });
    browser = await launchChromium();
  });

  after(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('alice labels 10 pairs by keyboard, and her token leaves the address bar', async () => {
    alice = await open('alice');
    await waitForPair(alice, `1 of ${PAIRS}`);
    assert.equal(new URL(alice.url()).hash, '', 'the token must be taken out of the address bar');
    for (let i = 1; i <= 10; i++) await label(alice, i, `${i} of ${PAIRS}`);
    const eleventh = await waitForPair(alice, `11 of ${PAIRS}`);
    assert.equal(new Set(order).size, 10, 'ten different pairs were shown');
    assert.ok(!pressed.has(eleventh), 'the 11th pair is a new one');
    assert.equal(liveLabels('alice').length, 10);
  });

  it('after a reload she continues where she left off', async () => {
    const before = await waitForPair(alice, `11 of ${PAIRS}`);
    await alice.reload();
    assert.equal(await waitForPair(alice, `11 of ${PAIRS}`), before);
  });

  it('undo brings her last pair back, and she labels it again', async () => {
    await alice.keyboard.press('u');
    const back = await waitForPair(alice, `10 of ${PAIRS}`);
    assert.equal(back, order.at(-1), 'the pair labelled last comes back');
    assert.match((await alice.locator('#status').textContent()) ?? '', /Undid/);
    assert.equal(liveLabels('alice').length, 9);
    undone = order.pop();
    await label(alice, 11, `10 of ${PAIRS}`);
    await waitForPair(alice, `11 of ${PAIRS}`);
  });

  it('keys pressed while a label is in flight are ignored, and the next pair waits for the server', async () => {
    let posts = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
    const hold = async (route: Route) => {
      posts++;
      arrived();
      await released;
      await route.continue();
    };
    await alice.route('**/api/labels', hold);
    const pairId = await label(alice, 12, `11 of ${PAIRS}`);
    await firstArrived;
    for (const key of ['1', '3', '2', 'u']) await alice.keyboard.press(key);
    assert.equal(await alice.locator('#task').getAttribute('data-pair-id'), pairId, 'still the same pair');
    assert.equal(await alice.locator('body').getAttribute('data-state'), 'saving');
    release();
    await waitForPair(alice, `12 of ${PAIRS}`);
    await alice.unroute('**/api/labels', hold);
    assert.equal(posts, 1, 'one label sent, not four');
    assert.equal(liveLabels('alice').length, 11);
  });

  it('a label the server did not store is shown as an error, and the retry reuses its submissionId', async () => {
    const sent: string[] = [];
    const failOnce = async (route: Route) => {
      sent.push((route.request().postDataJSON() as { submissionId: string }).submissionId);
      if (sent.length === 1) {
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: { type: 'unavailable', message: 'database busy' } }),
        });
      } else {
        await route.continue();
      }
    };
    await alice.route('**/api/labels', failOnce);
    const pairId = await label(alice, 13, `12 of ${PAIRS}`);
    const error = alice.locator('#error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /NOT saved.*503.*database busy/);
    assert.equal(await waitForPair(alice, `12 of ${PAIRS}`), pairId, 'the pair stays until it is stored');
    await alice.keyboard.press(pressed.get(pairId)!.key);
    await alice.locator('body[data-state="done"]').waitFor();
    await alice.unroute('**/api/labels', failOnce);
    assert.equal(sent.length, 2);
    assert.equal(sent[1], sent[0], 'the retry is the same submission');
    assert.match(sent[0]!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(await alice.locator('#progress').textContent(), `Done: ${PAIRS} of ${PAIRS}`);
    assert.equal(await alice.locator('#error').isVisible(), false, 'the error is cleared once stored');
  });

  it('the database holds what alice pressed, with left/right undone', () => {
    assert.equal(pressed.size, PAIRS);
    const sides = new Set([...pressed.values()].map((p) => p.left));
    assert.deepEqual(
      [...sides].sort(),
      ['a', 'b'],
      'left/right is randomised: both edits were shown on the left',
    );
    const want = [...pressed]
      .map(([pairId, p]) => ({ pairId, choice: expectedChoice(p), left: p.left }))
      .sort((x, y) => x.pairId.localeCompare(y.pairId));
    assert.deepEqual(liveLabels('alice'), want);
    // The hand-made cases: 1 with `b` on the left stores `b`; 3 with `a` on the left stores `b` too.
    for (const [key, left] of [
      ['1', 'b'],
      ['3', 'a'],
    ] as const) {
      const pair = [...pressed].find(([, p]) => p.key === key && p.left === left);
      assert.ok(pair, `the keys chosen include ${key} pressed with ${left} on the left`);
      assert.equal(liveLabels('alice').find((row) => row.pairId === pair[0])?.choice, 'b');
    }
    assert.deepEqual(undoneLabels('alice'), [{ pairId: undone }], 'the undone label stays, marked undone');
  });

  it('bob sees only his own progress, and his labels stay apart from alice', async () => {
    bob = await open('bob');
    bobSame.push(await waitForPair(bob, `1 of ${PAIRS}`));
    await bob.keyboard.press('2');
    await waitForPair(bob, `2 of ${PAIRS}`);
    assert.equal(liveLabels('bob').length, 1);
    assert.equal(liveLabels('alice').length, PAIRS);
    await alice.reload();
    await alice.locator('body[data-state="done"]').waitFor();
  });

  it('zoom, flicker and hold-to-compare act on all the images together', async () => {
    await waitForPair(bob, `2 of ${PAIRS}`);
    const transforms = () =>
      bob.evaluate(
        `[...document.querySelectorAll('.frame img')].map((img) => getComputedStyle(img).transform)`,
      ) as Promise<string[]>;
    await bob.keyboard.press('z');
    const zoomed = await transforms();
    assert.equal(await bob.locator('#images.zoomed').count(), 1);
    assert.notEqual(zoomed[0], 'none');
    assert.ok(
      zoomed.every((t) => t === zoomed[0]),
      `every image magnified alike: ${zoomed.join(' | ')}`,
    );
    await bob.keyboard.press('z');
    assert.ok((await transforms()).every((t) => t === 'none' || t === 'matrix(1, 0, 0, 1, 0, 0)'));

    await bob.keyboard.down(' ');
    assert.equal(await bob.locator('#left-img').isVisible(), false, 'space hides the left edit');
    assert.equal(await bob.locator('#right-img').isVisible(), false, 'and the right one');
    assert.equal(await bob.locator('.frame[data-role="edit"] .source-copy').first().isVisible(), true);
    await bob.keyboard.up(' ');
    assert.equal(await bob.locator('#left-img').isVisible(), true, 'releasing space shows the edits again');

    const flicker = bob.locator('button[data-action="flicker"]');
    await bob.keyboard.press('f');
    assert.equal(await flicker.getAttribute('aria-pressed'), 'true');
    await bob.locator('.frame[data-role="edit"]:not(.showing-source)').first().waitFor(); // it alternates
    await bob.locator('.frame[data-role="edit"].showing-source').first().waitFor();
    await bob.keyboard.press('f');
    assert.equal(await flicker.getAttribute('aria-pressed'), 'false');
    assert.equal(await bob.locator('.frame.showing-source').count(), 0);
    assert.equal(
      await waitForPair(bob, `2 of ${PAIRS}`),
      await bob.locator('#task').getAttribute('data-pair-id'),
    );
  });

  it('at 1280x800 the three images sit side by side, large, with the buttons on screen', async () => {
    await waitForPair(bob, `2 of ${PAIRS}`);
    const boxes = await Promise.all(
      ['#source-img', '#left-img', '#right-img'].map((s) => bob.locator(s).boundingBox()),
    );
    const [source, left, right] = boxes.map((box) => {
      assert.ok(box, 'every image is on the page');
      return box;
    });
    assert.ok(Math.abs(source!.y - left!.y) < 2 && Math.abs(left!.y - right!.y) < 2, 'in one row');
    assert.ok(source!.x < left!.x && left!.x < right!.x, 'source, left, right');
    for (const box of [source!, left!, right!]) {
      assert.ok(box.width > 350 && box.height > 300, `large: ${box.width}x${box.height}`);
      assert.ok(box.y + box.height <= DESKTOP.height, 'within the viewport');
    }
    const button = await bob.locator('button[data-action="right"]').boundingBox();
    assert.ok(
      button && button.y + button.height <= DESKTOP.height,
      'the buttons are on screen without scrolling',
    );
    await mkdir(ARTIFACTS, { recursive: true });
    await bob.screenshot({ path: join(ARTIFACTS, 'annotate-1280x800.png') });
  });

  it('at 390x844 the images stack, nothing scrolls sideways, and the buttons work by touch', async () => {
    const phone = await open('bob', PHONE, true);
    bobSame.push(await waitForPair(phone, `2 of ${PAIRS}`));
    const boxes = await Promise.all(
      ['#source-img', '#left-img', '#right-img'].map((s) => phone.locator(s).boundingBox()),
    );
    for (const box of boxes) {
      assert.ok(
        box && box.width > 300 && box.height > 150,
        `each image visible and wide: ${JSON.stringify(box)}`,
      );
    }
    for (let i = 1; i < boxes.length; i++) {
      assert.ok(boxes[i]!.y >= boxes[i - 1]!.y + boxes[i - 1]!.height, 'stacked, one below the other');
    }
    const buttons = await phone.locator('.controls').boundingBox();
    const last = boxes.at(-1)!;
    assert.ok(
      buttons && buttons.y >= last.y + last.height,
      'the buttons sit below the images, covering none',
    );
    assert.ok(buttons.y + buttons.height <= PHONE.height, 'source, edits and buttons fit on one screen');
    const [scrollWidth, clientWidth] = (await phone.evaluate(
      '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
    )) as [number, number];
    assert.ok(scrollWidth <= clientWidth, `no horizontal scroll: ${scrollWidth} > ${clientWidth}`);
    await mkdir(ARTIFACTS, { recursive: true });
    await phone.screenshot({ path: join(ARTIFACTS, 'annotate-390x844.png') });
    await phone.locator('button[data-action="same"]').tap();
    await waitForPair(phone, `3 of ${PAIRS}`);
    assert.equal(liveLabels('bob').length, 2);
  });

  it('a wrong token gets the sign-in box with the reason, and the right one signs in', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`sign-in: ${error.message}`));
    await page.goto(`${server.url}/#token=not-a-token`);
    await page.locator('body[data-state="signin"]').waitFor();
    assert.match((await page.locator('#error').textContent()) ?? '', /did not accept this token/);
    await page.locator('#token-input').fill(token('bob'));
    await page.keyboard.press('Enter');
    await waitForPair(page, `3 of ${PAIRS}`);
    // Alice's link opened in this tab changes only the fragment: the page signs her in without a reload.
    await page.goto(`${server.url}/#token=${token('alice')}`);
    await page.locator('body[data-state="done"]').waitFor();
    assert.equal(await page.locator('#progress').textContent(), `Done: ${PAIRS} of ${PAIRS}`);
    assert.equal(new URL(page.url()).hash, '');
  });

  it('export and stats match what was pressed', async () => {
    const out = join(dir, 'prefs.jsonl');
    const { store } = server.session;
    assert.deepEqual(await exportPreferences(store, out), { written: PAIRS, unlabelled: 0 });
    const lines = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            id: string;
            preference: string;
            labels: { annotator: string; choice: string; side: string }[];
          },
      );
    for (const line of lines) {
      const mine = pressed.get(line.id)!;
      const alicesLabel = { annotator: 'alice', choice: expectedChoice(mine), side: mine.left };
      const own = line.labels.map(({ annotator, choice, side }) => ({ annotator, choice, side }));
      if (bobSame.includes(line.id)) {
        // Two labels: alice's and bob's 'same'; agreeing or tied, the majority rule gives 'same'.
        assert.deepEqual(
          own.find((l) => l.annotator === 'alice'),
          alicesLabel,
          line.id,
        );
        assert.equal(own.find((l) => l.annotator === 'bob')?.choice, 'same', line.id);
        assert.equal(line.preference, 'same', line.id);
      } else {
        assert.deepEqual(own, [alicesLabel], line.id);
        assert.equal(line.preference, alicesLabel.choice, line.id);
      }
    }
    const counts = annotateStats(store).annotators.map(({ annotator, labels, assigned }) => ({
      annotator,
      labels,
      assigned,
    }));
    assert.deepEqual(counts, [
      { annotator: 'alice', labels: PAIRS, assigned: PAIRS },
      { annotator: 'bob', labels: 2, assigned: PAIRS },
    ]);
  });

  it('no page threw an uncaught error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
