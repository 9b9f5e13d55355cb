/** The federation protocol's messages, shared by every side. */
export type * from './messages.js';
export { PROTOCOL_VERSION, FAILURE_CODES } from './messages.js';
