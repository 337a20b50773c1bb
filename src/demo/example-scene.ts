/** The scene the demo edits: a room with a ball, a box, a plant pot and a shop sign, drawn as SVG. */
export interface SceneOptions {
  ballColour: string;
  signText: string;
}

export const BASE_SCENE: SceneOptions = { ballColour: '#d62828', signText: 'OPEN' };

export const SCENE_WIDTH = 640;
export const SCENE_HEIGHT = 480;

export function sceneSvg({ ballColour, signText }: SceneOptions): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SCENE_WIDTH}" height="${SCENE_HEIGHT}">
  <defs>
    <linearGradient id="wall" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#e9dcc4"/><stop offset="1" stop-color="#cdb894"/>
    </linearGradient>
    <radialGradient id="shine" cx="0.35" cy="0.35" r="0.65">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.55"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
  </defs>
  <rect width="640" height="480" fill="url(#wall)"/>
  <rect x="0" y="330" width="640" height="150" fill="#7a5230"/>
  <rect x="0" y="330" width="640" height="8" fill="#5e3d22"/>
  <rect x="360" y="40" width="220" height="110" rx="8" fill="#1d3557"/>
  <text x="470" y="114" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="52" fill="#f1faee" text-anchor="middle">${signText}</text>
  <circle cx="170" cy="280" r="58" fill="${ballColour}"/>
  <circle cx="170" cy="280" r="58" fill="url(#shine)"/>
  <rect x="300" y="220" width="110" height="110" fill="#2a9d8f" stroke="#1f776c" stroke-width="4"/>
  <polygon points="490,330 530,250 570,330" fill="#e9c46a"/>
  <rect x="518" y="200" width="24" height="52" fill="#588157"/>
</svg>`;
}
