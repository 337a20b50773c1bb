/** Word lists and small readers the instruction classifier shares. Matching is case-insensitive. */

import type { Check } from '../core/index.js';

export type ToneAttribute = Extract<Check, { kind: 'tone' }>['attribute'];
export type ToneDirection = Extract<Check, { kind: 'tone' }>['direction'];
export type Strength = 'slight' | 'normal' | 'strong';

export const COLOURS = new Set(
  (
    'red orange yellow green blue purple violet pink brown black white grey gray silver gold golden beige teal ' +
    'turquoise cyan magenta navy maroon crimson lime olive tan cream lavender indigo amber ivory khaki coral ' +
    'scarlet emerald mint peach burgundy charcoal rust'
  ).split(' '),
);

/** Words that may precede a colour without changing that it is one: "bright lime green", "all white". */
export const COLOUR_MODIFIERS = new Set(
  'light dark bright pale deep pastel neon all fully completely entirely vivid soft hot baby sky royal blood jet'.split(
    ' ',
  ),
);

/** Material adjectives and nouns, each mapped to the noun used in questions ("wooden" -> "wood"). */
export const MATERIALS = new Map<string, string>(
  Object.entries({
    wood: 'wood',
    wooden: 'wood',
    metal: 'metal',
    metallic: 'metal',
    steel: 'steel',
    iron: 'iron',
    glass: 'glass',
    glassy: 'glass',
    plastic: 'plastic',
    stone: 'stone',
    marble: 'marble',
    brick: 'brick',
    concrete: 'concrete',
    leather: 'leather',
    fabric: 'fabric',
    cotton: 'cotton',
    wool: 'wool',
    woollen: 'wool',
    woolen: 'wool',
    velvet: 'velvet',
    silk: 'silk',
    denim: 'denim',
    paper: 'paper',
    cardboard: 'cardboard',
    ceramic: 'ceramic',
    porcelain: 'porcelain',
    clay: 'clay',
    rubber: 'rubber',
    ice: 'ice',
    icy: 'ice',
    crystal: 'crystal',
    chrome: 'chrome',
    copper: 'copper',
    brass: 'brass',
    bronze: 'bronze',
    wicker: 'wicker',
    bamboo: 'bamboo',
    granite: 'granite',
    fur: 'fur',
    furry: 'fur',
    golden: 'gold',
    gold: 'gold',
    silver: 'silver',
  }),
);

/** Metals that are also colours: they read as a material only in "made of ..." or "a ... statue". */
export const METAL_COLOURS = new Set(['gold', 'golden', 'silver', 'bronze', 'copper']);

export const SIZE_WORDS = new Map<string, 'larger' | 'smaller'>([
  ...'bigger larger huge giant enormous taller longer wider big large'
    .split(' ')
    .map((w) => [w, 'larger'] as const),
  ...'smaller tiny tinier shorter narrower small little miniature'
    .split(' ')
    .map((w) => [w, 'smaller'] as const),
]);

export const STYLE_PATTERN =
  /\b(?:painting|painted|watercolou?r|oil paint\w*|sketch\w*|drawing|pencil|charcoal|cartoon\w*|anime|manga|comic(?: book)?|pixel art|8-bit|impressionis[tm]\w*|cubis[tm]\w*|surreal\w*|pop art|cyberpunk|steampunk|ukiyo-e|claymation|3d render\w*|low[- ]poly|vintage|retro|sepia|renaissance|mosaic|stained glass|line art|ghibli|van gogh|monet|picasso|illustration|vector art|graffiti|noir|polaroid|origami|storybook|style)\b/i;

/** Nouns that mean the whole picture or a global property of it, so an edit of them is global. */
export const GLOBAL_NOUNS = new Set(
  (
    'image photo photograph picture pic scene shot frame colors colours color colour lighting light tone tones ' +
    'brightness contrast saturation warmth temperature exposure mood atmosphere everything whole entire overall'
  ).split(' '),
);

export const PERSON_NOUNS = new Set(
  (
    'man woman person boy girl child kid lady guy baby teenager chef worker player rider soldier doctor student ' +
    'he she him her men women people'
  ).split(' '),
);

const NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  a: 1,
  an: 1,
  single: 1,
};

/** "three" -> 3, "4" -> 4; undefined for anything that is not a small count. */
export function readNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  return NUMBERS[w];
}

export const NUMBER_WORD = '(?:\\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';

/** Each global tone change, the phrasings that ask for it, most specific first ("desaturate" before "saturate"). */
const TONE_PHRASES: { attribute: ToneAttribute; direction: ToneDirection; pattern: RegExp }[] = [
  {
    attribute: 'saturation',
    direction: 'decrease',
    pattern:
      /\b(?:desaturat\w*|less (?:saturated|vivid|vibrant|colou?rful)|(?:reduce|decrease|lower) (?:the )?saturation|muted|washed[- ]out|fade the colou?rs|faded colou?rs)\b/i,
  },
  {
    attribute: 'saturation',
    direction: 'increase',
    pattern:
      /\b(?:saturate|more (?:saturated|vivid|vibrant|colou?rful)|(?:increase|boost|raise) (?:the )?saturation|(?:boost|intensify|enrich) the colou?rs|(?:richer|punchier|vivid|vibrant) colou?rs)\b/i,
  },
  {
    attribute: 'contrast',
    direction: 'decrease',
    pattern: /\b(?:less contrast|lower contrast|(?:reduce|decrease|lower|soften) (?:the )?contrast)\b/i,
  },
  {
    attribute: 'contrast',
    direction: 'increase',
    pattern:
      /\b(?:more contrast|higher contrast|(?:increase|boost|raise) (?:the )?contrast|more contrasty)\b/i,
  },
  {
    attribute: 'warmth',
    direction: 'decrease',
    pattern:
      /\b(?:cooler|colder|cool (?:it )?down|cool(?:er)? tones?|cold(?:er)? tones?|bluer|(?:reduce|decrease|lower) (?:the )?warmth)\b/i,
  },
  {
    attribute: 'warmth',
    direction: 'increase',
    pattern:
      /\b(?:warmer|warm (?:it )?up|warm(?:er)? tones?|golden[- ]hour|(?:add|increase|raise) (?:the )?warmth)\b/i,
  },
  {
    attribute: 'brightness',
    direction: 'decrease',
    pattern:
      /\b(?:darker|darken|dimmer|dim|(?:reduce|decrease|lower) (?:the )?(?:brightness|exposure)|underexpos\w*)\b/i,
  },
  {
    attribute: 'brightness',
    direction: 'increase',
    pattern:
      /\b(?:brighter|brighten|lighten|lighter|(?:increase|raise|boost) (?:the )?(?:brightness|exposure)|more light)\b/i,
  },
];

export const GRAYSCALE_PATTERN =
  /\b(?:black[- ](?:and|&)[- ]white|b\s?&\s?w|gr[ae]yscale|monochrome|(?:remove|drain) (?:all )?(?:the )?colou?rs?)\b/i;

export function readTone(text: string): { attribute: ToneAttribute; direction: ToneDirection } | undefined {
  const hit = TONE_PHRASES.find((t) => t.pattern.test(text));
  return hit && { attribute: hit.attribute, direction: hit.direction };
}

export function readStrength(text: string): Strength {
  if (/\b(?:slightly|a bit|a little|a touch|somewhat|subtly|gently|mildly)\b/i.test(text)) return 'slight';
  if (
    /\b(?:much|a lot|significantly|dramatically|far|way|very|strongly|considerably|heavily|really)\b/i.test(
      text,
    )
  ) {
    return 'strong';
  }
  return 'normal';
}
