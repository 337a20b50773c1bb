import { setFlagsFromString } from 'node:v8';

/** How far the old generation may grow past what survived its last full collection, in percent. */
export const SERVING_HEAP_GROWING_PERCENT = 200;

/**
 * Lets the old generation grow to three times what survived its last full collection before the next
 * one starts. A reward service keeps little (~27 MB once started) while its young generation turns
 * over a group's worth of objects every request, and V8's own factor for a heap this small (~1.5)
 * leaves less room than a young generation: it then marks without pause, and a full collection
 * stopped the serving thread for 5-16 ms about every half second (16 in 40 groups of 16 edits from one
 * client, counted with --trace-gc; 5 with this, most while starting, and 7% less CPU an edit). The
 * cost is memory: up to ~50 MB more held between collections.
 *
 * Process-wide, so it is for processes that only serve (`edit-r1 serve`), not for a library call. V8
 * reads this setting each time it sets the next limit, so it takes effect after start.
 */
export function tuneHeapForServing(): void {
  setFlagsFromString(`--heap-growing-percent=${SERVING_HEAP_GROWING_PERCENT}`);
}
