/** Candidate sources: existing edits (folders, JSONL), an image-edit endpoint, EditWorld's editors. */
export { createCandidateSources } from './create-candidate-sources.js';
export { createFolderSource } from './folder-source.js';
export { createJsonlSource } from './jsonl-source.js';
export { createImageEditSource } from './image-edit-source.js';
export { createEditWorldSource, candidateSeed } from './editworld-source.js';
export { oracleGold } from './oracle-gold.js';
export type { CandidateContext, CandidateSource, PlannedCandidate } from './types.js';
