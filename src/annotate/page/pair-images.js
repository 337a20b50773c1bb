// Images come with the bearer header, so they cannot be plain <img src> URLs: each is fetched, shown
// through a blob URL, and that URL is revoked once the next pair (or the done screen) replaces it.

/**
 * `slots` holds the page's <img> elements: `source` (the source image and its copies shown in place
 * of the edits when comparing), `left` and `right`.
 */
export function createPairImages(api, slots) {
  let shown = [];

  function revoke(urls) {
    for (const url of urls) URL.revokeObjectURL(url);
  }

  return {
    /** Resolves once all three images are decoded and on screen together, never one pair's image beside another's. */
    async show(pair) {
      const blobs = await Promise.all([pair.source, pair.left, pair.right].map((url) => api.image(url)));
      const urls = blobs.map((blob) => URL.createObjectURL(blob));
      try {
        await Promise.all(urls.map((url, i) => decode(url, ['source', 'left', 'right'][i], pair.id)));
      } catch (error) {
        revoke(urls);
        throw error;
      }
      const [source, left, right] = urls;
      for (const img of slots.source) img.src = source;
      slots.left.src = left;
      slots.right.src = right;
      revoke(shown);
      shown = urls;
    },
    clear() {
      for (const img of [...slots.source, slots.left, slots.right]) img.removeAttribute('src');
      revoke(shown);
      shown = [];
    },
  };
}

async function decode(url, which, pairId) {
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch {
    throw new Error(
      `the ${which} image of pair ${pairId} could not be decoded; check that file in the dataset`,
    );
  }
}
