export { condense, handlesCondensationRequests, type CondenseOptions } from './condense.js';
export { condenseHistory, requestCondensation, type CondensationPhaseOptions } from './condensation-phase.js';
export { planCondensation, pythonSliceBounds, shouldCondense, type CondensationPlan, type SummarizingSettings } from './plan-condensation.js';
export { buildView, type View } from './view.js';
