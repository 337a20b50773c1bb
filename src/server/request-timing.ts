/**
 * Where one rewards request spent its time, sent back in its Server-Timing header (a W3C standard
 * that browsers' developer tools and HTTP clients read), so that a trainer can tell the service's own
 * time from its backend's on any single request, with no metrics scrape. The entries, in ms:
 * - `images`: reading and checking the request's images and finding their principles (an edit is
 *   usually judged as soon as its image is read, so this overlaps `judge`);
 * - `queue`: the longest any of its edits waited for a judge slot;
 * - `judge`: the longest judge call among its edits (the VLM request and the pixel checks);
 * - `total`: from the request's arrival to its answer, the body's upload and parsing included.
 * With nothing queued, `total - judge` is what the service added to its slowest backend call, the
 * reading of the edits before it included.
 * Edits answered from the cache wait for nothing, so a request answered wholly from it has 0 for both.
 */
export class RequestTiming {
  imagesMs = 0;
  queueMs = 0;
  judgeMs = 0;

  /** One edit's wait for a judge slot and its judge call. */
  recordEdit(queueMs: number, judgeMs: number): void {
    this.queueMs = Math.max(this.queueMs, queueMs);
    this.judgeMs = Math.max(this.judgeMs, judgeMs);
  }

  header(totalMs: number): string {
    const entries: [string, number][] = [
      ['images', this.imagesMs],
      ['queue', this.queueMs],
      ['judge', this.judgeMs],
      ['total', totalMs],
    ];
    return entries.map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(', ');
  }
}
