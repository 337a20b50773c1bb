// Comparing an edit with its source in place: flicker alternates each edit with the source on a
// timer; holding (space or the hold button) shows the source in place of the edits until released.

/** How long each of edit and source stays up while flickering; long enough to see, short enough to spot a change. */
const FLICKER_MS = 600;

/** `onChange({flicker, showingSource})` hears every change, for the button state and the caption. */
export function createCompare(container, onChange) {
  const frames = () => container.querySelectorAll('.frame[data-role="edit"]');
  let timer = null;
  let phaseSource = false;
  let held = false;

  function render() {
    const showingSource = held || (timer !== null && phaseSource);
    for (const frame of frames()) frame.classList.toggle('showing-source', showingSource);
    onChange({ flicker: timer !== null, showingSource });
  }

  return {
    toggleFlicker() {
      if (timer === null) {
        // Start on the source, so pressing `f` visibly does something at once.
        phaseSource = true;
        timer = setInterval(() => {
          phaseSource = !phaseSource;
          render();
        }, FLICKER_MS);
      } else {
        clearInterval(timer);
        timer = null;
        phaseSource = false;
      }
      render();
    },
    hold(on) {
      if (held === on) return;
      held = on;
      render();
    },
  };
}
