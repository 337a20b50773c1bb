import type { ImageUrl } from '../core/index.js';

/** Limits every loader applies before decoding a pixel: a decompression bomb is refused, not decoded. */
export interface ImageLimits {
  /** Most pixels (width x height) an image may have. */
  maxPixels: number;
  /** Most encoded bytes an image may have. */
  maxBytes: number;
  /** Whether http(s) URLs may be fetched. Off by default: a server must not fetch what a client names. */
  allowRemote: boolean;
  remoteTimeoutMs: number;
  /** Injected fetch for remote images (tests, proxies). */
  fetch?: typeof fetch;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxPixels: 50_000_000,
  maxBytes: 40 * 1024 * 1024,
  allowRemote: false,
  remoteTimeoutMs: 15_000,
};

/** An image that passed the limits and whose header was read; pixels are decoded only when asked for. */
export interface LoadedImage {
  /** sha256 of the encoded bytes, hex: the key of every cache. */
  readonly hash: string;
  readonly bytes: Buffer;
  /** sharp's format name: 'jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif', ... */
  readonly format: string;
  /** Displayed size, after EXIF orientation. */
  readonly width: number;
  readonly height: number;
  /** True when the bytes can be sent to a VLM unchanged: JPEG/PNG/WebP, 8-bit sRGB or grey, upright. */
  readonly vlmReady: boolean;
  /** Where it came from, for error messages: a path, 'data URL', 'buffer' or the URL. */
  readonly origin: string;
}

/** Decoded pixels: 8-bit sRGB, 3 channels (alpha flattened onto white), row-major, upright. */
export interface Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** An image ready for a chat message: its data URL (made on first read) and the URL's JSON bytes. */
export interface EncodedImage extends ImageUrl {
  readonly urlJson: Uint8Array;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly byteLength: number;
  /** False when the original bytes were sent as they were. */
  readonly reencoded: boolean;
}

/** Where and how much an edit changed the image, on a coarse grid over the frame. */
export interface ChangeMap {
  readonly cols: number;
  readonly rows: number;
  /** Mean absolute difference per cell (0-1), row-major. */
  readonly cells: readonly number[];
  /** A cell counts as changed above this difference. */
  readonly threshold: number;
  /** Bounding box of the changed cells, as fractions of the frame (0-1); null when nothing changed. */
  readonly bbox: { x0: number; y0: number; x1: number; y1: number } | null;
}

/** Global tone statistics of one image, each on a 0-1 scale (warmth on -1..1). */
export interface ToneStats {
  readonly brightness: number;
  readonly contrast: number;
  readonly saturation: number;
  /** Mean of (R - B): positive is warm, negative cool. */
  readonly warmth: number;
  /** Share of pixels at clipped, maximal saturation (a sign of oversaturation). */
  readonly clippedSaturationShare: number;
  /** True when the image has (almost) no colour. */
  readonly grayscale: boolean;
}

export interface BorderReport {
  /** Thickness of a uniform band on each side, as a share of that dimension (0 = none). */
  readonly sides: { top: number; right: number; bottom: number; left: number };
  /** 'white' for near-white bands, 'flat' for bands of another uniform colour, 'none'. */
  readonly kind: 'white' | 'flat' | 'none';
  /** True when the band is not in the source as well (a border the source already had is not the editor's). */
  readonly added: boolean;
  /** True when added bands are even all round or on two opposite sides (padding, a frame, letterbox bars). */
  readonly frame: boolean;
}

/**
 * What the hard rules need and no more: whether the edit is a near-copy (with the measurements its
 * reason quotes) and the edited image's border. Computed by compareForHardRules, which skips the
 * change map, SSIM and tone statistics whenever a coarse pass already shows a real change. `border`
 * is null when a preview showed that no side can hold a near-white band, so no band was measured.
 */
export type HardRuleFacts = { readonly border: BorderReport | null } & (
  | { readonly nearIdentical: false }
  | { readonly nearIdentical: true; readonly meanAbsDiff: number; readonly changedShare: number }
);

/** Everything the hard rules and the embedded checks need, computed from one reduced-size decode of each image. */
export interface PixelFacts {
  /** The size both images were compared at. */
  readonly analysisWidth: number;
  readonly analysisHeight: number;
  /** Mean absolute difference over all pixels and channels (0-1). */
  readonly meanAbsDiff: number;
  /** Mean SSIM on luma (1 = identical structure). */
  readonly ssim: number;
  /** Share of the frame that changed (0-1). */
  readonly changedShare: number;
  /** The edit is a near-copy of the source (PAPER.md: such an edit scores 0). */
  readonly nearIdentical: boolean;
  readonly changeMap: ChangeMap;
  readonly sourceTone: ToneStats;
  readonly editedTone: ToneStats;
  /** Border of the edited image. */
  readonly border: BorderReport;
  /** width / height of each image as loaded. */
  readonly sourceAspect: number;
  readonly editedAspect: number;
}
