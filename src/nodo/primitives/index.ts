import { NODE_FOR_PSP_OPERATIONS } from '../../soap/operations/nodeForPsp';

/**
 * The operations PSPs call (one primitive file each). The dispatch table itself, descriptor bound to
 * primitive, is the nodeForPsp interface index: src/soap/operations/nodeForPsp.ts.
 */
export const PRIMITIVES = NODE_FOR_PSP_OPERATIONS;

export type OperationName = keyof typeof PRIMITIVES;

export function isOperation(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(PRIMITIVES, name);
}
