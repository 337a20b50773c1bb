export { selectTrace, type Selection, type TraceScores } from './select-trace.js';
export { buildSelectedRow, UNCATEGORIZED, type SelectedRowParts } from './build-selected-row.js';
