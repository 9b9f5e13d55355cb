/** The workbench's state: documents (the source of truth), view state and the current run. */
export * from './clipboard.js';
export * from './documentEdits.js';
export * from './documentProblems.js';
export * from './documentsStore.js';
export * from './documentTab.js';
export * from './explainRound.js';
export * from './freshIds.js';
export * from './history.js';
export * from './lessonSteps.js';
export * from './newNode.js';
export * from './openText.js';
export * from './runReducer.js';
export * from './runState.js';
export * from './runStore.js';
export * from './serialize.js';
export * from './viewStore.js';
