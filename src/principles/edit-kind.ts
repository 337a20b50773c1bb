/**
 * The kinds of edit the exemplar pool covers and the rule decomposer recognises. 'generic' is the rule
 * decomposer's fallback for an instruction no template reads; exemplars never use it.
 */
export const EDIT_KINDS = [
  'add',
  'remove',
  'replace',
  'colour',
  'material',
  'background',
  'style',
  'tone',
  'text',
  'position',
  'size',
  'action',
  'count',
  'generic',
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];
