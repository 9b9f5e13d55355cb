/** Simulated devices and time: profiles, the clock, availability traces, over-selection. */
export * from './deviceProfile.js';
export * from './clock.js';
export * from './availability.js';
export * from './overSelection.js';
