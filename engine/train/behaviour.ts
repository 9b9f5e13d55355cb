/** What a misbehaving client sends instead of its honest update, for robustness lessons. */
import type { LocalTraining } from '../run/messages.js';
import { Rng } from '../random/rng.js';

/** Turns honestly trained weights into what a client with this behaviour returns (in place). */
export function applyBehaviour(local: Float32Array, global: Float32Array, client: LocalTraining, seed: number): void {
  switch (client.behaviour) {
    case 'honest':
    case 'label-flip': // already trained on flipped labels
      return;
    case 'sign-flip':
      // Sends the reverse of its update, scaled: global − s·(local − global).
      for (let i = 0; i < local.length; i++) local[i] = global[i] - client.attackScale * (local[i] - global[i]);
      return;
    case 'scaled':
      for (let i = 0; i < local.length; i++) local[i] = global[i] + client.attackScale * (local[i] - global[i]);
      return;
    case 'gaussian-noise': {
      // Sends pure noise around the global model instead of anything learnt.
      const rng = new Rng(seed);
      for (let i = 0; i < local.length; i++) local[i] = global[i] + rng.normal(0, client.noiseStd);
      return;
    }
  }
}
