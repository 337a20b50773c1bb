/**
 * Every action a toy sequence policy can emit: token lists ended by EOS (`vocab`) of at most
 * maxLength tokens, and the unended ones cut at maxLength. Their probabilities sum to 1, which is
 * what lets tests compute a policy's exact expected outcome instead of estimating it.
 */
export function enumerateSequences(vocab: number, maxLength: number): number[][] {
  const out: number[][] = [];
  const grow = (prefix: number[]): void => {
    if (prefix.length === maxLength) {
      out.push(prefix);
      return;
    }
    out.push([...prefix, vocab]);
    for (let tok = 0; tok < vocab; tok++) grow([...prefix, tok]);
  };
  grow([]);
  return out;
}
