// npm run bench:server: the reward service's throughput, added latency and memory against a stand-in VLM
// that answers after a fixed latency. See docs/BENCHMARKS.md for what it measures, how, and the numbers.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEditSet } from './edit-set.js';
import { mergeLoads, runLoad, type LoadResult } from './server-load.js';
import { startRelayProcess, type RelayProcess } from './relay-process.js';
import {
  mergeSnapshots,
  startServerProcess,
  type ServerProcess,
  type ServerSnapshot,
} from './server-process.js';
import {
  addedLatency,
  addedLatencyLine,
  INTERVAL_NOTE,
  relayFloorLine,
  serverPassTable,
  serverTargetLines,
  type ServerPassRow,
  type ServerTargets,
} from './server-report.js';
import { chatBodies, distinctImages, readGroups, rewardsBody, type Group } from './server-requests.js';
import { sendDirect, sendToServer } from './server-send.js';
import { startStandInProcess } from './stand-in-process.js';

const SETTINGS = {
  side: 512,
  quality: 90,
  seed: 11,
  groupSize: 16,
  latencyMs: 200,
  /** The stand-in's capacity, the backend's concurrency and the server's judge slots. */
  concurrency: 32,
  connections: 64,
  /** Saturated passes: each connection sends this many groups (distinct images throughout). */
  groupsPerConnection: 2,
  /**
   * Light passes: 2 clients x 16 edits = 32 in flight, the backend's capacity, so none need wait.
   * 200 groups, so that a p99 (nearest rank) is not simply the slowest request, as it is under 100.
   */
  lightConnections: 2,
  lightGroups: 200,
  /** The light passes run in this many blocks each, the three paths taking turns. */
  lightBlocks: 4,
  warmupGroups: 4,
  /** The warm-cache pass sends the saturated pass's groups again, this many times over. */
  warmRounds: 1,
  model: 'stand-in-vlm',
};
const TARGETS: ServerTargets = { shareOfIdeal: 0.9, addedP50Ms: 5, addedP99Ms: 25 };

async function cpuModel(): Promise<string> {
  const info = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
}

/** Paints and writes each set of groups (a source and its 16 edits each), then reads them into memory. */
async function writeGroups(dir: string, sets: Record<string, number>): Promise<Record<string, Group[]>> {
  const groups: Record<string, Group[]> = {};
  for (const [i, [prefix, sources]] of Object.entries(sets).entries()) {
    const { tasks } = await writeEditSet({
      dir,
      prefix,
      sources,
      editsPerSource: SETTINGS.groupSize,
      side: SETTINGS.side,
      quality: SETTINGS.quality,
      seed: SETTINGS.seed + i,
    });
    groups[prefix] = await readGroups(tasks, prefix);
  }
  return groups;
}

async function main(): Promise<void> {
  const started = performance.now();
  const cores = availableParallelism();
  const loadBefore = loadavg()[0]!;
  const ideal = SETTINGS.concurrency / (SETTINGS.latencyMs / 1000);
  const { connections, lightConnections, groupSize, model } = SETTINGS;
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-server-'));
  try {
    const sets = await writeGroups(dir, {
      warmup: SETTINGS.warmupGroups,
      light: SETTINGS.lightGroups,
      saturated: connections * SETTINGS.groupsPerConnection,
    });
    const warmup = sets.warmup!;
    const light = sets.light!;
    const saturated = sets.saturated!;
    const images = distinctImages([...warmup, ...light, ...saturated]);
    const bytes = [...warmup, ...light, ...saturated].reduce(
      (sum, g) => sum + g.source.length + g.edits.reduce((n, e) => n + e.length, 0),
      0,
    );
    console.log(
      `${images.total} images (${images.distinct} distinct) in groups of a source and ${groupSize} edits, ` +
        `${SETTINGS.side}x${SETTINGS.side} JPEG q${SETTINGS.quality}, ${Math.round(bytes / images.total / 1024)} KB each on average ` +
        `(written in ${((performance.now() - started) / 1000).toFixed(1)} s); stand-in answers after ${SETTINGS.latencyMs} ms, ` +
        `${SETTINGS.concurrency} at a time: ideal ${ideal} edits/s`,
    );

    // One stand-in per path: what one path leaves in it (connections, its heap) is not another's.
    const startStandIn = () =>
      startStandInProcess({ delayMs: SETTINGS.latencyMs, capacity: SETTINGS.concurrency, model });
    const rows: ServerPassRow[] = [];
    const addRow = (
      name: string,
      path: ServerPassRow['path'],
      clients: number,
      result: LoadResult,
      server: ServerSnapshot | null,
    ) => {
      const row = {
        name,
        path,
        connections: clients,
        ...result,
        shareOfIdeal: result.editsPerSecond / ideal,
        server,
      };
      rows.push(row);
      return row;
    };

    // Every path is up for the whole run, idle but for its own passes, so that the light passes can
    // take turns: direct, server and relay each run a block of the light groups in turn, and a spell
    // when this shared machine is slow falls on all three rather than on whichever pass it met.
    const directStandIn = await startStandIn();
    const standIn = await startStandIn();
    const relayStandIn = await startStandIn();
    const standIns = [directStandIn, standIn, relayStandIn];
    const closeAll = async () => {
      await Promise.all(standIns.map((each) => each.close()));
    };
    let server: ServerProcess;
    let relay: RelayProcess;
    try {
      server = await startServerProcess({
        baseURL: standIn.baseURL,
        model,
        concurrency: SETTINGS.concurrency,
        // Room for every connection's group: the benchmark measures serving, not shedding (a 429 fails a request).
        queueDepth: connections * groupSize,
      });
      relay = await startRelayProcess({
        baseURL: relayStandIn.baseURL,
        model,
        concurrency: SETTINGS.concurrency,
      }).catch(async (error: unknown) => {
        await server.close();
        throw error;
      });
    } catch (error) {
      await closeAll();
      throw error;
    }

    // The direct path: what the stand-in and this machine give with no reward service in between. Its
    // sockets match the server's backend connections (its concurrency); the rest queue in the agent.
    const directAgent = new Agent({ keepAlive: true, maxSockets: SETTINGS.concurrency });
    const chatUrl = new URL(`${directStandIn.baseURL}/chat/completions`);
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const rewardsUrl = new URL('/v1/rewards', server.url);
    const relayAgent = new Agent({ keepAlive: true, maxSockets: lightConnections });
    const relayUrl = new URL('/v1/rewards', relay.url);
    // Bodies are built before each pass: building them inside it would block the event loop that is
    // timing the requests already sent.
    const direct = (groups: Group[]) => {
      const bodies = groups.map((group) => chatBodies(group, model));
      return (job: number) => sendDirect(directAgent, chatUrl, bodies[job]!);
    };
    const viaServer = (groups: Group[]) => {
      const bodies = groups.map(rewardsBody);
      return (job: number) =>
        sendToServer(
          agent,
          rewardsUrl,
          bodies[job % groups.length]!,
          groups[job % groups.length]!.edits.length,
        );
    };
    const viaRelay = (groups: Group[]) => {
      const bodies = groups.map(rewardsBody);
      return (job: number) => sendToServer(relayAgent, relayUrl, bodies[job]!, groups[job]!.edits.length);
    };
    /** One run through the server, with the server's CPU, event loop and memory over exactly that run. */
    const serverRun = async (clients: number, groups: Group[], jobs = groups.length) => {
      const send = viaServer(groups);
      await server.snapshot();
      const result = await runLoad(clients, jobs, send);
      return { result, snapshot: await server.snapshot() };
    };

    let directLight: ServerPassRow;
    let directSaturated: ServerPassRow;
    let serverLight: ServerPassRow;
    let serverSaturated: ServerPassRow;
    let warm: ServerPassRow;
    let relayLight: ServerPassRow;
    try {
      await runLoad(lightConnections, warmup.length, direct(warmup));
      await runLoad(lightConnections, warmup.length, viaServer(warmup));
      await runLoad(lightConnections, warmup.length, viaRelay(warmup));
      const parts = { direct: [] as LoadResult[], server: [] as LoadResult[], relay: [] as LoadResult[] };
      const serverSnapshots: { snapshot: ServerSnapshot; wallMs: number }[] = [];
      const block = Math.ceil(light.length / SETTINGS.lightBlocks);
      for (let from = 0; from < light.length; from += block) {
        const groups = light.slice(from, from + block);
        parts.direct.push(await runLoad(lightConnections, groups.length, direct(groups)));
        const { result, snapshot } = await serverRun(lightConnections, groups);
        parts.server.push(result);
        serverSnapshots.push({ snapshot, wallMs: result.wallMs });
        parts.relay.push(await runLoad(lightConnections, groups.length, viaRelay(groups)));
      }
      directLight = addRow(
        'direct, 32 in flight',
        'direct',
        lightConnections,
        mergeLoads(parts.direct),
        null,
      );
      serverLight = addRow(
        'server, 32 in flight',
        'server',
        lightConnections,
        mergeLoads(parts.server),
        mergeSnapshots(serverSnapshots),
      );
      relayLight = addRow('relay, 32 in flight', 'relay', lightConnections, mergeLoads(parts.relay), null);
      // The saturated passes run one path at a time, as they always have: only the path measured is up.
      relayAgent.destroy();
      await relay.close();
      await relayStandIn.close();

      directSaturated = addRow(
        'direct, 64 clients',
        'direct',
        connections,
        await runLoad(connections, saturated.length, direct(saturated)),
        null,
      );
      directAgent.destroy();
      await directStandIn.close();
      const cold = await serverRun(connections, saturated);
      serverSaturated = addRow('server, 64 clients', 'server', connections, cold.result, cold.snapshot);
      // Warm: the same requests again, so every reward comes from the cache.
      const again = await serverRun(connections, saturated, saturated.length * SETTINGS.warmRounds);
      warm = addRow('server, warm cache, 64 clients', 'server', connections, again.result, again.snapshot);
    } finally {
      directAgent.destroy();
      agent.destroy();
      relayAgent.destroy();
      await server.close();
      await relay.close();
      await closeAll();
    }
    const [directBackend, serverBackend] = await Promise.all([directStandIn.close(), standIn.close()]);
    console.log(serverPassTable(rows, ideal, cores));
    const addedLight = addedLatency(directLight, serverLight, SETTINGS.seed);
    const addedRelay = addedLatency(directLight, relayLight, SETTINGS.seed);
    // No interval here: with 1,024 edits outstanding a request's latency is mostly its place in the
    // queue, which the same job does not keep from one path to the other, so pairing jobs means nothing.
    const addedSaturated = addedLatency(directSaturated, serverSaturated);
    const coldEdits = (warmup.length + light.length + saturated.length) * groupSize;
    const lines = [
      addedLatencyLine("2 clients, 32 edits in flight (the backend's capacity)", addedLight, serverLight),
      addedLatencyLine(
        `${connections} clients, ${connections * groupSize} edits outstanding`,
        addedSaturated,
      ),
      relayFloorLine(addedRelay),
      INTERVAL_NOTE,
      `warm cache: ${warm.requestsPerSecond.toFixed(1)} requests/s (${warm.editsPerSecond.toFixed(0)} edits/s), ` +
        `p50 ${warm.latencyMs.p50.toFixed(1)} ms, p99 ${warm.latencyMs.p99.toFixed(1)} ms; ` +
        `backend calls made by the server: ${serverBackend.requests} for ${coldEdits} cold edits`,
      `server peak RSS: ${(warm.server!.maxRssBytes / 2 ** 20).toFixed(0)} MB over its life (its own high-water mark, VmHWM)`,
      `stand-in: most served at once ${directBackend.servingMax} (direct) and ${serverBackend.servingMax} (server) of ${SETTINGS.concurrency}; ` +
        `CPU ${(directBackend.cpuMs / directBackend.requests).toFixed(1)} and ${(serverBackend.cpuMs / serverBackend.requests).toFixed(1)} ms a request`,
      ...serverTargetLines(serverSaturated, addedLight, TARGETS),
    ];
    for (const line of lines) console.log(line);
    const totalS = (performance.now() - started) / 1000;
    const loadAfter = loadavg()[0]!;
    console.log(
      `total ${totalS.toFixed(1)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
    );
    console.log(
      JSON.stringify({
        bench: 'server',
        machine: {
          cores,
          cpu: await cpuModel(),
          node: process.version,
          v8: process.versions.v8,
          loadAverage: { before: loadBefore, after: loadAfter },
        },
        settings: { ...SETTINGS, queueDepth: connections * groupSize, idealEditsPerSecond: ideal },
        targets: TARGETS,
        primary: {
          editsPerSecond: serverSaturated.editsPerSecond,
          shareOfIdeal: serverSaturated.shareOfIdeal,
          addedLatencyMs: addedLight,
          addedLatencySaturatedMs: addedSaturated,
          relayAddedLatencyMs: addedRelay,
          outsideJudgeMs: serverLight.outsideJudgeMs,
          warmRequestsPerSecond: warm.requestsPerSecond,
          peakRssBytes: warm.server!.maxRssBytes,
          shareOfIdealMet: serverSaturated.shareOfIdeal >= TARGETS.shareOfIdeal,
          addedP50Met: addedLight.p50Ms <= TARGETS.addedP50Ms,
          addedP99Met: addedLight.p99Ms <= TARGETS.addedP99Ms,
        },
        // Each request's latency is in the percentiles; the JSON line keeps to the summaries.
        passes: rows.map(({ samples: _samples, ...row }) => row),
        backend: { direct: directBackend, server: serverBackend, coldEdits },
        totalSeconds: totalS,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
