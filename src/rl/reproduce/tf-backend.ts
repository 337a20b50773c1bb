import * as tf from '@tensorflow/tfjs';

/**
 * Trains on tfjs's wasm backend when it starts (about twice as fast as the pure-JS 'cpu' backend for
 * these small MLPs on this machine), else on 'cpu'. Imported on demand, so loading rl/ registers no
 * backend behind anyone's back. Returns the backend in use, for the run's report.
 */
export async function useFastBackend(): Promise<string> {
  if (tf.getBackend() === 'wasm') return 'wasm';
  await import('@tensorflow/tfjs-backend-wasm');
  const ok = await tf.setBackend('wasm').catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return tf.getBackend();
}
