/** A param's name as people read it, one definition for the inspector, node cards and messages shown beside a field. */

/** A field name as a label: `numClients` → `Num clients`, `learningRate` → `Learning rate`. */
export function fieldLabel(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
