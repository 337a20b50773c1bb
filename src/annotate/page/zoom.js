// One magnification for all three images: the level and the point it centres on are CSS variables
// on their shared container, so every image shows the same region of its picture at once.

const START_LEVEL = 3;
const MIN_LEVEL = 1.5;
const MAX_LEVEL = 12;
/** Wheel distance that doubles (or halves) the magnification, in CSS pixels. */
const WHEEL_PER_DOUBLING = 400;
/** One arrow-key step of panning, as a share of the image, in percent. */
const PAN_STEP = 5;

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

/** `onChange(on)` hears every switch on or off, so the Zoom button can show its state. */
export function createZoom(container, onChange) {
  let on = false;
  let level = START_LEVEL;
  let x = 50;
  let y = 50;

  function apply() {
    container.style.setProperty('--zoom', on ? String(level) : '1');
    container.style.setProperty('--zoom-x', `${x}%`);
    container.style.setProperty('--zoom-y', `${y}%`);
    container.classList.toggle('zoomed', on);
    onChange(on);
  }

  /** Points the zoom at where the pointer is over one frame; frames share a size, so the same spot in each. */
  function aim(event) {
    const frame = event.target instanceof Element ? event.target.closest('.frame') : null;
    if (frame === null) return false;
    const box = frame.getBoundingClientRect();
    x = clamp(((event.clientX - box.left) / box.width) * 100, 0, 100);
    y = clamp(((event.clientY - box.top) / box.height) * 100, 0, 100);
    return true;
  }

  container.addEventListener('click', (event) => {
    if (!aim(event)) return;
    on = !on;
    apply();
  });
  container.addEventListener('pointermove', (event) => {
    if (on && event.pointerType === 'mouse' && aim(event)) apply();
  });
  // The wheel adjusts a zoom that is on; a trackpad pinch (ctrl+wheel) also starts one. A plain wheel
  // with zoom off is left to scroll the page.
  container.addEventListener(
    'wheel',
    (event) => {
      if (!on && !event.ctrlKey) return;
      if (!aim(event)) return;
      event.preventDefault();
      level = clamp(level * 2 ** (-event.deltaY / WHEEL_PER_DOUBLING), MIN_LEVEL, MAX_LEVEL);
      on = true;
      apply();
    },
    { passive: false },
  );

  return {
    get on() {
      return on;
    },
    toggle() {
      on = !on;
      apply();
    },
    /** Moves the zoomed region by whole steps; false (nothing done) when zoom is off. */
    pan(dx, dy) {
      if (!on) return false;
      x = clamp(x + dx * PAN_STEP, 0, 100);
      y = clamp(y + dy * PAN_STEP, 0, 100);
      apply();
      return true;
    },
    reset() {
      on = false;
      x = 50;
      y = 50;
      apply();
    },
  };
}
