import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { UsageError } from '../../core/index.js';
import {
  comparePixels,
  decodeRaster,
  loadImage,
  type LoadedImage,
  type PixelFacts,
} from '../../images/index.js';
import { parseScene } from '../../rrm/index.js';
import type { ParsedScene } from '../../rrm/index.js';
import { globalFeatures } from './global-features.js';
import { principleFeatures } from './principle-features.js';
import { pairScenes } from './scene-evidence.js';
import type { RrmInput, RrmQuadruple } from './types.js';

/** Longest side images are parsed and compared at: EditWorld's small worlds are 128-256 px. */
const ANALYSIS_SIDE = 256;
const SCENES_KEPT = 4096;
const INPUTS_KEPT = 8192;

export interface FeaturizerStats {
  /** Scenes parsed from pixels (a cache miss each). */
  sceneParses: number;
  /** Quadruples whose features were computed rather than found in the cache. */
  computed: number;
  cacheHits: number;
}

/**
 * Turns quadruples into the policy's inputs. Scenes are cached by image hash (a source is judged
 * against every edit of it) and whole inputs by the images' hashes and the principles, so training
 * epochs, GCPO steps and evaluation compute each image's features once.
 */
export class RrmFeaturizer {
  readonly stats: FeaturizerStats = { sceneParses: 0, computed: 0, cacheHits: 0 };
  private readonly scenes = new LRUCache<string, Promise<ParsedScene>>({ max: SCENES_KEPT });
  private readonly inputs = new LRUCache<string, Promise<RrmInput>>({ max: INPUTS_KEPT });

  async features(quad: RrmQuadruple): Promise<RrmInput> {
    if (quad.principles.length === 0) {
      throw new UsageError(
        'the miniature RRM needs at least one principle per edit: give the decomposed principles',
      );
    }
    const [source, edited] = await Promise.all([loadImage(quad.source), loadImage(quad.edited)]);
    const principlesKey = createHash('sha256').update(JSON.stringify(quad.principles)).digest('hex');
    const key = `${source.hash}:${edited.hash}:${principlesKey}`;
    const cached = this.inputs.get(key);
    if (cached) {
      this.stats.cacheHits++;
      return cached;
    }
    const made = this.compute(key, quad, source, edited);
    this.inputs.set(key, made);
    made.catch(() => this.inputs.delete(key));
    return made;
  }

  private async compute(
    key: string,
    quad: RrmQuadruple,
    source: LoadedImage,
    edited: LoadedImage,
  ): Promise<RrmInput> {
    this.stats.computed++;
    const [s, e, facts] = await Promise.all([
      this.scene(source),
      this.scene(edited),
      comparePixels(source, edited, { analysisSide: ANALYSIS_SIDE }) as Promise<PixelFacts>,
    ]);
    const scenes = pairScenes(s, e);
    return {
      key,
      principles: quad.principles,
      points: quad.principles.map((p) => principleFeatures(p, scenes, facts)),
      global: globalFeatures(scenes, facts),
    };
  }

  private scene(image: LoadedImage): Promise<ParsedScene> {
    let parsed = this.scenes.get(image.hash);
    if (!parsed) {
      this.stats.sceneParses++;
      parsed = decodeRaster(image, ANALYSIS_SIDE).then(parseScene);
      this.scenes.set(image.hash, parsed);
    }
    return parsed;
  }
}
