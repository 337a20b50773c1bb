import type { Preference } from '../core/index.js';

/**
 * The preference a pair's labels resolve to: the choice with the most labels. Any tie at the top
 * resolves to 'same': a tie between 'a' and 'b' means the annotators did not agree either edit is
 * better, and a tie with 'same' means as many saw no difference as saw one. Calling such a pair
 * 'same' keeps a split vote from entering GCPO as a preference (GCPO leaves 'same' pairs out), where
 * picking a side would teach the reward model a coin flip. Undefined when the pair has no labels.
 */
export function majorityPreference(choices: readonly Preference[]): Preference | undefined {
  if (choices.length === 0) return undefined;
  const counts: Record<Preference, number> = { a: 0, b: 0, same: 0 };
  for (const choice of choices) counts[choice] += 1;
  const top = Math.max(counts.a, counts.b, counts.same);
  const leaders = (Object.keys(counts) as Preference[]).filter((choice) => counts[choice] === top);
  return leaders.length === 1 ? leaders[0] : 'same';
}
