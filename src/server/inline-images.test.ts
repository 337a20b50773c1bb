import assert from 'node:assert/strict';
import { test } from 'node:test';
import { spliceDataUrlBytes } from '../core/index.js';
import { photoLikeImage } from '../images/photo-like.js';
import { startStandIn } from '../testing/index.js';
import { createRewardApp } from './create-reward-app.js';
import { isImagePosition, RewardsResponseSchema } from './schemas.js';
import { imageUrlsOf, PRINCIPLES, RECOLOUR, vlmJudge, wellFormedReply } from './test-fixtures.js';

/** A photo-like JPEG as a data URL long enough to be read from the body's bytes (over 4 KB). */
async function jpegUrl(seedColour: number): Promise<string> {
  const bytes = await photoLikeImage(200 + seedColour, 150)
    .jpeg({ quality: 85 })
    .toBuffer();
  const url = `data:image/jpeg;base64,${bytes.toString('base64')}`;
  assert.ok(url.length > 4096 && /[+/]/.test(url), 'a long URL using both alphabets');
  return url;
}

/** An app on the VLM judge against a stand-in that records the image URLs of every chat request. */
async function withRecordingVlm(
  body: (app: ReturnType<typeof createRewardApp>, seen: string[][]) => Promise<void>,
) {
  const seen: string[][] = [];
  const vlm = await startStandIn({
    respond: (request) => {
      seen.push(imageUrlsOf(request.body));
      return { reply: wellFormedReply(7) };
    },
  });
  const { judge, decomposer } = vlmJudge(vlm.baseURL);
  const app = createRewardApp({ judge, decomposer, judgeFingerprint: 'vlm' });
  try {
    await body(app, seen);
  } finally {
    await app.close();
    await vlm.close();
  }
}

const post = (app: ReturnType<typeof createRewardApp>, payload: unknown) =>
  app.inject({ method: 'POST', url: '/v1/rewards', payload: payload as object });

test('long data URLs read from the body reach the VLM as standard base64, however the client spelt them', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  const base64 = edit.slice(edit.indexOf(',') + 1);
  const urlSafe = `data:image/jpeg;base64,${base64.replace(/\+/g, '-').replace(/\//g, '_')}`;
  const mislabelled = `data:image/png;base64,${base64}`;
  const spaced = `data:image/jpeg;base64,${base64.slice(0, 3000)} ${base64.slice(3000)}`;
  await withRecordingVlm(async (app, seen) => {
    const res = await post(app, {
      items: [
        { source, edited: [edit], instruction: RECOLOUR, principles: PRINCIPLES },
        // The same edit in other spellings, each under an instruction of its own, so that each is judged
        // (one edit under one instruction is judged once a request, and then cached).
        ...[urlSafe, mislabelled, spaced].map((spelling, i) => ({
          source,
          edited: [spelling],
          instruction: `${RECOLOUR}${'.'.repeat(i + 1)}`,
          principles: PRINCIPLES,
        })),
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const rewards = RewardsResponseSchema.parse(JSON.parse(res.body)).results.flatMap((r) => r.rewards);
    assert.deepEqual(
      rewards.map((r) => r.finalScore),
      [7, 7, 7, 7],
    );
    assert.equal(seen.length, 4);
    // Every request carries the standard URL of the two images.
    for (const urls of seen) assert.deepEqual(urls, [source, edit]);
  });
});

test('a long data URL where no image goes is read back as the string it was', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  await withRecordingVlm(async (app, seen) => {
    // No text field takes a string this long: the schema measures the string itself, not its marker.
    const res = await post(app, {
      items: [
        { id: `${edit}#as-an-id`, source, edited: [edit], instruction: RECOLOUR, principles: PRINCIPLES },
      ],
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(
      (JSON.parse(res.body) as { error: { message: string } }).error.message,
      'items[0].id: at most 256 characters',
    );
    assert.equal(seen.length, 0);
  });
});

test('a raw line break inside a long data URL is a 400 naming the field', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  const broken = `${edit.slice(0, 3000)}\n${edit.slice(3000)}`;
  await withRecordingVlm(async (app, seen) => {
    const text = JSON.stringify({
      items: [{ source, edited: [edit, edit], instruction: RECOLOUR, principles: PRINCIPLES }],
    });
    // JSON.stringify would escape a line break; a broken client sends a raw one.
    const raw = text.replace(`,"${edit}"]`, `,"${broken}"]`);
    assert.notEqual(raw, text);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      headers: { 'content-type': 'application/json' },
      payload: raw,
    });
    assert.equal(res.statusCode, 400, res.body);
    const { error } = JSON.parse(res.body) as { error: { type: string; message: string } };
    assert.equal(error.type, 'bad_request');
    assert.match(error.message, /items\[0\]\.edited\[1\].*control character/);
    // The edit read before it was sent and then cancelled, or never sent: nothing was scored.
    assert.ok(seen.length <= 1);
  });
});

test('a raw line break inside a long data URL where no image goes is a 400 that names the field and the fix', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  const id = `${edit.slice(0, 3000)}\n${edit.slice(3000)}`;
  await withRecordingVlm(async (app, seen) => {
    const text = JSON.stringify({
      items: [{ id: 'ID', source, edited: [edit], instruction: RECOLOUR, principles: PRINCIPLES }],
    });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      headers: { 'content-type': 'application/json' },
      payload: text.replace('"ID"', `"${id}"`),
    });
    assert.equal(res.statusCode, 400, res.body);
    const { error } = JSON.parse(res.body) as { error: { type: string; message: string } };
    assert.equal(error.type, 'bad_request');
    assert.match(
      error.message,
      /not valid JSON: the string at items\[0\]\.id .*control character.*escape it/,
    );
    assert.equal(seen.length, 0);
  });
});

test('isImagePosition names the image fields of both request bodies and nothing else', () => {
  for (const path of [['source'], ['items', 0, 'source'], ['items', 3, 'edited', 15]]) {
    assert.ok(isImagePosition(path), JSON.stringify(path));
  }
  for (const path of [
    ['id'],
    ['items', 0, 'id'],
    ['items', 0, 'instruction'],
    ['items', '0', 'source'],
    ['items', 0, 'edited'],
    ['items', 0, 'principles', 0, 'question'],
    ['items', 0, 'source', 'x'],
  ]) {
    assert.equal(isImagePosition(path), false, JSON.stringify(path));
  }
});

/** Posts `payload` as it is, so that a test can send what JSON.stringify would never write. */
const postRaw = (app: ReturnType<typeof createRewardApp>, payload: string) =>
  app.inject({
    method: 'POST',
    url: '/v1/rewards',
    headers: { 'content-type': 'application/json' },
    payload,
  });

test('a long data URL sent as a key is named in the 400 as it was sent', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  await withRecordingVlm(async (app, seen) => {
    const item = JSON.stringify({ source, edited: [edit], instruction: RECOLOUR, principles: PRINCIPLES });
    const res = await postRaw(app, `{"items":[${item}],"${edit}":1}`);
    assert.equal(res.statusCode, 400, res.body);
    const { error } = JSON.parse(res.body) as { error: { type: string; message: string } };
    assert.equal(error.type, 'bad_request');
    assert.ok(error.message.includes(edit.slice(0, 200)), error.message.slice(0, 200));
    assert.doesNotMatch(error.message, /edit-r1-data-url/);
    assert.equal(seen.length, 0);
  });
});

test('an id that looks like the marker standing for a data URL is the id the client sent', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  // The marker another body got, as an answer might have shown it.
  const { text } = spliceDataUrlBytes(Buffer.from(JSON.stringify({ url: edit })));
  const marker = (JSON.parse(text) as { url: string }).url.slice(0, -1);
  const ids = [`${marker}0`, `${marker}7`];
  await withRecordingVlm(async (app) => {
    const res = await post(app, {
      items: ids.map((id) => ({ id, source, edited: [edit], instruction: RECOLOUR, principles: PRINCIPLES })),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      RewardsResponseSchema.parse(JSON.parse(res.body)).results.map((r) => r.id),
      ids,
    );
  });
});

test('a raw control character in the header of a long data URL is refused as in a short one: not valid JSON', async () => {
  const [source, edit] = await Promise.all([jpegUrl(0), jpegUrl(1)]);
  const short = `data:image/png;base64,${Buffer.from('not an image').toString('base64')}`;
  await withRecordingVlm(async (app, seen) => {
    for (const url of [short, edit]) {
      const broken = url.replace('data:', 'data:\x01');
      const text = JSON.stringify({
        items: [{ source, edited: [url], instruction: RECOLOUR, principles: PRINCIPLES }],
      });
      const res = await postRaw(app, text.replace(`["${url}"]`, `["${broken}"]`));
      assert.equal(res.statusCode, 400, res.body);
      const { error } = JSON.parse(res.body) as { error: { type: string; message: string } };
      assert.equal(error.type, 'bad_request');
      assert.match(error.message, /not valid JSON/i);
    }
    assert.match(
      (
        JSON.parse(
          (await postRaw(app, `{"items":[{"source":"${edit.replace('data:', 'data:\n')}"}]}`)).body,
        ) as {
          error: { message: string };
        }
      ).error.message,
      /not valid JSON: the string at items\[0\]\.source .*control character.*escape it/,
    );
    assert.equal(seen.length, 0);
  });
});
