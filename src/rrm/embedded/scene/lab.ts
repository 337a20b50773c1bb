export type Rgb = readonly [number, number, number];
export type Lab = readonly [number, number, number];

/** sRGB 8-bit -> linear light, tabulated once: every colour we name goes through it. */
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function linear(v: number): number {
  return LINEAR[Math.max(0, Math.min(255, Math.round(v)))]!;
}

/** CIELAB's companding of a tristimulus ratio. */
function f(t: number): number {
  return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
}

/** CIELAB (D65): distances in it follow how different two colours look, unlike RGB distances. */
export function toLab([r, g, b]: Rgb): Lab {
  const R = linear(r);
  const G = linear(g);
  const B = linear(b);
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/**
 * Lab distance with lightness at half weight: a brightening, a blur into the ground or the darker
 * pattern ink shift lightness far more than hue, so hue and chroma carry a colour's name.
 */
export function labDistance(a: Lab, b: Lab): number {
  const dl = 0.5 * (a[0] - b[0]);
  const da = a[1] - b[1];
  const db = a[2] - b[2];
  return Math.sqrt(dl * dl + da * da + db * db);
}
