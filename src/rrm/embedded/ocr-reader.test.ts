import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { loadImage } from '../../images/index.js';
import { OcrError, OcrUnavailableError } from './errors.js';
import { createOcrReader, type OcrEngine } from './ocr-reader.js';
import { findPhrase } from './text-match.js';

async function textImage(text: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="300">
    <rect width="100%" height="100%" fill="#dfe8f0"/>
    <text x="60" y="180" font-family="DejaVu Sans" font-size="80" fill="#111">${text}</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

test('reads rendered text with the bundled PP-OCR models', async () => {
  const reader = createOcrReader();
  const lines = await reader.read(await loadImage(await textImage('OPEN 24 HOURS')));
  assert.ok(lines.length >= 1, 'at least one line');
  assert.ok(
    findPhrase(
      'OPEN 24 HOURS',
      lines.map((l) => l.text),
    ).found,
    `read ${JSON.stringify(lines)}`,
  );
  for (const line of lines) assert.ok(line.confidence >= 0.5 && line.confidence <= 1);
});

test('the engine is loaded once, and results are cached by image hash', async () => {
  let loads = 0;
  let detects = 0;
  const engine: OcrEngine = {
    detect: async (png) => {
      detects++;
      assert.equal((await sharp(png).metadata()).format, 'png');
      return [{ text: 'HELLO', confidence: 0.9 }];
    },
  };
  const reader = createOcrReader({
    loadEngine: async () => {
      loads++;
      return engine;
    },
  });
  const a = await loadImage(await textImage('A'));
  const b = await loadImage(await textImage('B'));
  const results = await Promise.all([reader.read(a), reader.read(a), reader.read(b)]);
  assert.deepEqual(results[0], [{ text: 'HELLO', confidence: 0.9 }]);
  assert.equal(loads, 1);
  assert.equal(detects, 2);
});

test('OCR reads at most maxSide on the longest side', async () => {
  let size: [number, number] = [0, 0];
  const reader = createOcrReader({
    maxSide: 300,
    loadEngine: async () => ({
      detect: async (png) => {
        const meta = await sharp(png).metadata();
        size = [meta.width, meta.height];
        return [];
      },
    }),
  });
  await reader.read(await loadImage(await textImage('X')));
  assert.deepEqual(size, [300, 100]);
});

test('an engine that cannot load gives OcrUnavailableError naming the cause, every time, without reloading', async () => {
  let loads = 0;
  const reader = createOcrReader({
    loadEngine: async () => {
      loads++;
      throw new Error('libonnxruntime.so.1: cannot open shared object file');
    },
  });
  const image = await loadImage(await textImage('X'));
  for (let i = 0; i < 2; i++) {
    await assert.rejects(reader.read(image), (e: unknown) => {
      assert.ok(e instanceof OcrUnavailableError);
      assert.match(e.message, /failed to load: libonnxruntime\.so\.1: cannot open shared object file/);
      return true;
    });
  }
  assert.equal(loads, 1);
});

test('an engine failure on an image gives OcrError naming the image', async () => {
  const reader = createOcrReader({
    loadEngine: async () => ({
      detect: async () => {
        throw new Error('bad tensor shape');
      },
    }),
  });
  const image = await loadImage(await textImage('X'));
  await assert.rejects(reader.read(image), (e: unknown) => {
    assert.ok(e instanceof OcrError);
    assert.equal(e.exitCode, 3);
    assert.match(e.message, /OCR failed on buffer: bad tensor shape/);
    return true;
  });
});
