// The body of the relay process (see relay-process.ts): the least a service between a trainer and
// the VLM can do with a POST /v1/rewards. It reads the body, builds the judge's chat request once per
// group with the images' base64 copied from the body, sends one per edit, and answers with the scores
// read from the replies. It checks, decodes, hashes, caches and compares nothing, and it reads only
// the bodies this benchmark sends (one item, images as data URLs): a floor to measure against, not a
// design.
import { Agent, createServer, request } from 'node:http';
import { buildJudgeMessages, type Principle } from '../src/index.js';
import type { RelaySettings } from './relay-process.js';
import { toChatApi } from './server-requests.js';

const settings = JSON.parse(process.argv[2]!) as RelaySettings;
const chatUrl = new URL(`${settings.baseURL}/chat/completions`);
const agent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
const DATA_URL_OPENING = Buffer.from('"data:');
const QUOTE = 0x22;
const SCORE = /<score>\s*(\d+(?:\.\d+)?)\s*<\/score>/;
// Stand in for the two image URLs while the chat request's JSON is built; cut out again after.
const SOURCE_MARK = 'relay-source-url';
const EDIT_MARK = 'relay-edit-url';

interface Item {
  id: string;
  instruction: string;
  principles: Principle[];
}

/** Where each data URL's characters are in the body (quotes excluded), in order: the source, then the edits. */
function dataUrlSpans(body: Buffer): [number, number][] {
  const spans: [number, number][] = [];
  for (let at = body.indexOf(DATA_URL_OPENING); at >= 0;) {
    const end = body.indexOf(QUOTE, at + 1);
    spans.push([at + 1, end]);
    at = body.indexOf(DATA_URL_OPENING, end + 1);
  }
  return spans;
}

/** The item, parsed from the body with its data URLs left out. */
function itemOf(body: Buffer, spans: readonly [number, number][]): Item {
  let text = '';
  let from = 0;
  for (const [start, end] of spans) {
    text += body.toString('latin1', from, start);
    from = end;
  }
  text += body.toString('latin1', from);
  return (JSON.parse(text) as { items: Item[] }).items[0]!;
}

/** The chat request's JSON around the two images: [before the source, between, after the edit]. */
function chatFrame(item: Item): Buffer[] {
  const messages = buildJudgeMessages({
    instruction: item.instruction,
    principles: item.principles,
    sourceUrl: SOURCE_MARK,
    editedUrl: EDIT_MARK,
  });
  const json = JSON.stringify({
    model: settings.model,
    messages: messages.map(toChatApi),
    temperature: 0,
    max_tokens: 2048,
  });
  const source = json.indexOf(SOURCE_MARK);
  const edit = json.indexOf(EDIT_MARK);
  return [
    Buffer.from(json.slice(0, source)),
    Buffer.from(json.slice(source + SOURCE_MARK.length, edit)),
    Buffer.from(json.slice(edit + EDIT_MARK.length)),
  ];
}

function post(pieces: readonly Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const length = pieces.reduce((n, piece) => n + piece.length, 0);
    const req = request(
      chatUrl,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const piece of pieces) req.write(piece);
    req.end();
  });
}

function scoreOf(reply: Buffer): number {
  const content = (JSON.parse(reply.toString('utf8')) as { choices: { message: { content: string } }[] })
    .choices[0]!.message.content;
  const score = SCORE.exec(content);
  if (!score) throw new Error(`the stand-in's reply has no <score>: ${content.slice(0, 200)}`);
  return Number(score[1]);
}

async function relay(body: Buffer): Promise<{ json: string; judgeMs: number }> {
  const spans = dataUrlSpans(body);
  const item = itemOf(body, spans);
  const [before, between, after] = chatFrame(item);
  const source = body.subarray(...spans[0]!);
  let judgeMs = 0;
  const scores = await Promise.all(
    spans.slice(1).map(async (span) => {
      const started = performance.now();
      const reply = await post([before!, source, between!, body.subarray(...span), after!]);
      judgeMs = Math.max(judgeMs, performance.now() - started);
      return scoreOf(reply);
    }),
  );
  const rewards = scores.map((finalScore) => ({ finalScore, reward: finalScore / 10 }));
  return { json: JSON.stringify({ results: [{ id: item.id, rewards }] }), judgeMs };
}

const server = createServer((req, res) => {
  const arrived = performance.now();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    relay(Buffer.concat(chunks)).then(
      ({ json, judgeMs }) => {
        const total = performance.now() - arrived;
        res.writeHead(200, {
          'content-type': 'application/json',
          'server-timing': `judge;dur=${judgeMs.toFixed(1)}, total;dur=${total.toFixed(1)}`,
        });
        res.end(json);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
  });
});

// Orphaned (the benchmark crashed): stop serving rather than linger.
process.once('disconnect', () => process.exit(0));
process.on('message', () => {
  agent.destroy();
  server.close(() => process.send!('closed', () => process.exit(0)));
  server.closeAllConnections();
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.send!({ url: `http://127.0.0.1:${port}` });
});
