import type { Principle } from '../core/index.js';
import type { InstructionAnalysis } from './classify-instruction.js';
import type { EditKind } from './edit-kind.js';
import { bare, capitalise as cap, definite, doesDo, hasHave, isAre, isPlural } from './noun-phrase.js';
import {
  changedPrinciple,
  grayscalePrinciple,
  localizedPrinciple,
  qualityPrinciples,
  sameAspectPrinciple,
  textAbsentPrinciple,
  textPresentPrinciple,
  tonePrinciple,
  widespreadPrinciple,
} from './rule-checks.js';

/**
 * One writer per edit kind: ten principles about the things the instruction names, split 4-3-3 or
 * 3-4-3. Questions a pixel or OCR check answers come from rule-checks; the rest carry no check and
 * are left to a VLM.
 */
type Writer = (a: InstructionAnalysis) => Principle[];

const F = (question: string): Principle => ({ question, category: 'instruction-following' });
const K = (question: string): Principle => ({ question, category: 'feature-preservation' });

const its = (np: string) => (isPlural(np) ? 'their' : 'its');
const it = (np: string) => (isPlural(np) ? 'them' : 'it');
const self = (np: string) => (isPlural(np) ? 'themselves' : 'itself');
const opposite = (side: 'left' | 'right') => (side === 'left' ? 'right' : 'left');
/** "two giraffes" -> "the giraffes", "a leashed dog" -> "the leashed dog". */
const theNew = (phrase: string) =>
  definite(
    bare(phrase).replace(/^(?:some|another|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+/i, ''),
  );
const subjectOf = (a: InstructionAnalysis, fallback: string) => (a.subject ? definite(a.subject) : fallback);

const add: Writer = (a) => {
  const obj = a.target ?? 'the requested object';
  const noun = theNew(obj);
  const ref = a.reference && definite(a.reference);
  const placed =
    a.relation === 'given to' && ref
      ? `${doesDo(ref)} ${ref} now have ${obj}?`
      : ref
        ? `${hasHave(obj)} ${obj} been added ${a.relation} ${ref}?`
        : `Does the image now contain ${obj}?`;
  return [
    F(cap(placed)),
    F(`${isAre(noun)} ${noun} complete and clearly recognisable?`),
    F(`${isAre(noun)} ${noun} a plausible size compared with the things around ${it(noun)}?`),
    changedPrinciple(),
    K(
      ref
        ? `Are ${ref} and the other things already in the image unchanged, apart from what ${noun} now ${isPlural(noun) ? 'cover' : 'covers'}?`
        : `Are the objects already in the image still there and unchanged?`,
    ),
    localizedPrinciple('add'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `${doesDo(noun)} ${noun} blend in naturally, with lighting, shadows and perspective that match the scene?`,
    ),
  ];
};

const remove: Writer = (a) => {
  const subj = subjectOf(a, 'the object');
  const ref = a.reference && definite(a.reference);
  return [
    F(`${isAre(subj)} ${subj} gone from ${ref ?? 'the image'}?`),
    F(`Is the removal complete, with no leftover part, shadow or reflection of ${subj}?`),
    changedPrinciple(),
    K('Are the other objects and people still there and unchanged?'),
    K(
      ref
        ? `${isAre(ref)} ${ref} unchanged apart from the spot where ${subj} ${isPlural(subj) ? 'were' : 'was'}?`
        : `Is the background unchanged outside the spot where ${subj} ${isPlural(subj) ? 'were' : 'was'}?`,
    ),
    localizedPrinciple('remove'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `Is the spot where ${subj} ${isPlural(subj) ? 'were' : 'was'} filled in cleanly, with no smear, blur patch or ghost outline?`,
    ),
  ];
};

const replace: Writer = (a) => {
  const subj = subjectOf(a, 'the object');
  const target = a.target ?? 'the new object';
  const fresh = theNew(target);
  return [
    F(`${hasHave(subj)} ${subj} been replaced by ${target}?`),
    F(`${isAre(subj)} ${subj} completely gone, with no part of ${it(subj)} left?`),
    F(
      `${doesDo(fresh)} ${fresh} take the place of ${subj}, in about the same position and at a fitting size?`,
    ),
    changedPrinciple(),
    K('Are the other objects and the background unchanged?'),
    localizedPrinciple('replace'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `${doesDo(fresh)} ${fresh} blend in naturally, with lighting, shadows and perspective that match the scene?`,
    ),
  ];
};

const colour: Writer = (a) => {
  const subj = subjectOf(a, 'the object');
  const target = a.target ?? 'the requested colour';
  return [
    F(`${isAre(subj)} ${subj} now ${target}?`),
    F(`Does the new colour cover all of ${subj}, with none of ${its(subj)} old colour left?`),
    changedPrinciple(),
    K(`Are the shape, texture and details of ${subj} unchanged, only ${its(subj)} colour different?`),
    K('Do the other objects and the background keep their own colours?'),
    localizedPrinciple('colour'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `Does the new colour look natural on ${subj}, keeping ${its(subj)} shading and highlights, with no colour bleeding past ${its(subj)} edges?`,
    ),
  ];
};

const material: Writer = (a) => {
  const subj = subjectOf(a, 'the object');
  const target = a.target ?? 'the requested material';
  return [
    F(`${isAre(subj)} ${subj} now made of ${target}?`),
    F(`Does the ${target} look convincing, with the texture and sheen typical of ${target}?`),
    changedPrinciple(),
    K(`Are the shape, size and position of ${subj} unchanged, only ${its(subj)} material different?`),
    K('Are the other objects and the background unchanged?'),
    localizedPrinciple('material'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `Does the ${target} surface follow the form of ${subj} and the lighting of the scene, without a pasted-on or smeared texture?`,
    ),
  ];
};

const background: Writer = (a) => [
  F(
    a.target
      ? `Is the background now ${a.target}?`
      : "Is the background now clearly different from the source's background?",
  ),
  F('Is the whole background changed, with no patches of the old one left?'),
  widespreadPrinciple('background', 'a change of the whole background requires'),
  changedPrinciple(),
  K('Are the foreground subjects unchanged in identity, shape, colour and pose?'),
  K(
    'Are the foreground subjects the same size and in the same place in the frame, with their outlines intact?',
  ),
  sameAspectPrinciple(),
  ...qualityPrinciples(
    a,
    'Do the foreground subjects sit naturally in the new background, with matching light and perspective and no cut-out halo?',
  ),
];

const style: Writer = (a) => {
  const target = a.target ?? 'the requested style';
  const looks = /^the style of|style$/i.test(target)
    ? `Is the image now in ${target}?`
    : `Does the image now look like ${target}?`;
  return [
    F(looks),
    F('Is the style applied consistently over the whole image, not only in patches?'),
    widespreadPrinciple('style', 'a restyle of the whole picture requires'),
    changedPrinciple(),
    K('Is the content unchanged: the same objects and people, in the same places?'),
    K('Are the main subjects still recognisable, with their faces, shapes and proportions kept?'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      'Is the restyled image free of garbled details, such as melted shapes, broken lines or smeared faces?',
    ),
  ];
};

const tone: Writer = (a) => {
  const colourShift = a.tone?.attribute === 'warmth' || a.tone?.attribute === 'saturation';
  return [
    a.tone ? tonePrinciple(a.tone) : grayscalePrinciple(),
    F(
      a.tone
        ? 'Is the change applied evenly across the whole image rather than to one area?'
        : 'Is the result a neutral grey, not a sepia or bluish tint?',
    ),
    changedPrinciple(),
    K(
      'Is the content unchanged: the same objects and people, in the same places, with nothing added or removed?',
    ),
    K('Are fine details and textures kept, not smoothed away or repainted?'),
    K("Are the light's direction and the placement of shadows and highlights the same as before?"),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      colourShift
        ? 'Does the colour shift look natural, without blotches, banding or a sickly cast?'
        : 'Are highlights and shadows free of clipping (no blown-out white or crushed black areas)?',
    ),
  ];
};

const text: Writer = (a) => {
  const t = a.text ?? { surface: 'image' };
  const surface = t.surface === 'image' ? 'the image' : definite(t.surface);
  const first = t.new
    ? textPresentPrinciple(t.new)
    : t.old
      ? textAbsentPrinciple(t.old)
      : F(`Does ${surface} now show the text the instruction asks for?`);
  const second =
    t.new && t.old
      ? textAbsentPrinciple(t.old)
      : t.new
        ? F(
            t.surface === 'image'
              ? `Is the text "${t.new}" fully visible, not cut off at the edges?`
              : `Is the text "${t.new}" on ${surface}, fully visible and not cut off?`,
          )
        : t.old
          ? F(`Are all traces of "${t.old}" gone from ${surface}, with no faint letters left?`)
          : F('Is the new text spelled correctly and easy to read?');
  const onlyRemoving = t.old !== undefined && t.new === undefined;
  return [
    first,
    second,
    changedPrinciple(),
    K(
      t.surface === 'image'
        ? 'Is any other text in the image unchanged?'
        : `Are the shape, colour and position of ${surface} unchanged apart from its text?`,
    ),
    K('Is the rest of the scene unchanged?'),
    localizedPrinciple('text'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      onlyRemoving
        ? `Is ${surface} filled in cleanly where the text was, with no smudge or blur?`
        : 'Does the text look like part of the scene, following the perspective and lighting of its surface, with crisp, unwarped letters?',
    ),
  ];
};

const position: Writer = (a) => {
  const subj = subjectOf(a, 'the object');
  const ref = a.reference && definite(a.reference);
  const where = a.personSide
    ? `${isAre(subj)} ${subj} now on ${a.personSide.person}'s own ${a.personSide.side} (on the viewer's ${opposite(a.personSide.side)} when ${a.personSide.person} faces the camera)?`
    : ref
      ? `${isAre(subj)} ${subj} now clearly ${a.relation} ${ref}?`
      : `${hasHave(subj)} ${subj} clearly moved ${a.relation ?? 'as asked'}?`;
  return [
    F(where),
    F(`${hasHave(subj)} ${subj} moved a significant distance (at least 10% of the image size)?`),
    F(`${doesDo(subj)} ${subj} appear only once, gone from ${its(subj)} old place rather than copied?`),
    changedPrinciple(),
    K(
      ref
        ? `Are ${subj} ${self(subj)}, ${ref} and the other objects unchanged in shape and colour?`
        : `Are ${subj} ${self(subj)} and the other objects unchanged in shape and colour?`,
    ),
    localizedPrinciple('position'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `${doesDo(subj)} ${subj} sit naturally in ${its(subj)} new place (plausible scale, lighting and contact shadow), with no ghost or smear where ${isPlural(subj) ? 'they' : 'it'} used to be?`,
    ),
  ];
};

const size: Writer = (a) => {
  const subj = subjectOf(a, 'the object');
  return [
    F(`${isAre(subj)} ${subj} now clearly ${a.size ?? 'a different size'} than in the source?`),
    F('Is the size change large enough to see at a glance, not a few percent?'),
    changedPrinciple(),
    K(`${doesDo(subj)} ${subj} keep ${its(subj)} shape, colours and details, scaled rather than redrawn?`),
    K('Are the other objects unchanged in size and place?'),
    localizedPrinciple('size'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `${doesDo(subj)} ${subj} fit the scene naturally at ${its(subj)} new size, with no stretched texture, cut-off edges or leftover outline?`,
    ),
  ];
};

const action: Writer = (a) => {
  const subj = subjectOf(a, 'the subject');
  const side = a.personSide;
  return [
    F(`${isAre(subj)} ${subj} now shown ${a.action ?? 'doing what the instruction asks'}?`),
    side
      ? F(
          `Is the ${side.side} side ${subj}'s own ${side.side} (on the viewer's ${opposite(side.side)} when ${subj} faces the camera)?`,
        )
      : F('Is the change of pose clear, not a barely different version of the old one?'),
    changedPrinciple(),
    K(`${isAre(subj)} ${subj} still recognisably the same (face or markings, colours, clothing)?`),
    K('Are the background and the other objects unchanged?'),
    localizedPrinciple('action'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `Is the body of ${subj} anatomically plausible in the new pose (natural joints, the right number of limbs and fingers)?`,
    ),
  ];
};

const count: Writer = (a) => {
  const c = a.count ?? { mode: 'exactly' as const, n: 1, noun: 'objects' };
  const things = definite(c.noun);
  const howMany = {
    exactly: `Are there now exactly ${c.n} ${c.noun}?`,
    more: `Are there now ${c.n} more ${c.noun} than in the source?`,
    fewer: `Are there now ${c.n} fewer ${c.noun} than in the source?`,
  }[c.mode];
  const detail = {
    exactly: `Is each of ${things} clearly visible and countable, not hidden or merged?`,
    more: `Does each new one match the existing ${c.noun} in kind, size and style?`,
    fewer: 'Are the removed ones gone completely, with no partial remains?',
  }[c.mode];
  const kept = {
    exactly: `Are ${things} that were already there unchanged in appearance?`,
    more: `Are the original ${c.noun} still there and unchanged?`,
    fewer: `Are the remaining ${c.noun} unchanged in place and appearance?`,
  }[c.mode];
  const ref = a.reference && definite(a.reference);
  return [
    F(howMany),
    F(detail),
    changedPrinciple(),
    K(kept),
    K(
      ref
        ? `${isAre(ref)} ${ref} unchanged apart from the ${c.noun} on ${it(ref)}?`
        : 'Is the rest of the scene unchanged?',
    ),
    localizedPrinciple('count'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      `Does each of ${things} look complete and natural, with no merged or distorted copies?`,
    ),
  ];
};

const generic: Writer = (a) => {
  const subj = a.subject && definite(a.subject);
  return [
    F(
      subj && a.target
        ? `${isAre(subj)} ${subj} now ${a.target}?`
        : `Does the edited image carry out the instruction "${a.instruction}"?`,
    ),
    F(
      subj
        ? `Is the change to ${subj} complete and clearly visible?`
        : 'Is every part of the instruction carried out, with nothing asked for left out?',
    ),
    changedPrinciple(),
    K('Are the parts of the image that the instruction does not mention unchanged?'),
    K(
      "Are people's identities and the shapes of objects kept wherever the instruction does not ask to change them?",
    ),
    K('Are the lighting and the colours of the scene as before, apart from what the instruction asks?'),
    sameAspectPrinciple(),
    ...qualityPrinciples(
      a,
      'Is the image free of artefacts (distorted shapes, smeared textures, seams) in and around the edited area?',
    ),
  ];
};

/** The registry: one writer per edit kind. */
export const RULE_WRITERS: Record<EditKind, Writer> = {
  add,
  remove,
  replace,
  colour,
  material,
  background,
  style,
  tone,
  text,
  position,
  size,
  action,
  count,
  generic,
};
