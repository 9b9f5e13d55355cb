/**
 * Simulated devices: how fast a client trains and how fast its link is. Drawn once per client, seeded by
 * the split and the split's client number, so variants compared on the same clients get the same devices.
 */
import type { ClientParams } from '../format/params.js';
import { deriveSeed, Rng } from '../random/rng.js';

/** One client's simulated device. */
export interface DeviceProfile {
  /** Local optimizer steps per second. */
  stepsPerSecond: number;
  /** Upload bandwidth, bytes per second. */
  uplinkBytesPerSecond: number;
  /** Download bandwidth, bytes per second. */
  downlinkBytesPerSecond: number;
  /** The named tier it was drawn from (`phones`), if any. */
  tier?: string;
}

/** A named tier of the `phones` device model: its share of the clients and its device. */
export interface DeviceTier {
  name: string;
  share: number;
  stepsPerSecond: number;
  uplinkMbps: number;
  downlinkMbps: number;
}

/**
 * The `phones` device model: a fleet of flagship, mid-range and old phones. The figures are round numbers of
 * the right order (a small MLP step on a phone CPU; 4G/5G links), not measurements of any one device.
 */
export const PHONE_TIERS: readonly DeviceTier[] = [
  { name: 'flagship phone', share: 0.3, stepsPerSecond: 50, uplinkMbps: 20, downlinkMbps: 100 },
  { name: 'mid-range phone', share: 0.45, stepsPerSecond: 20, uplinkMbps: 5, downlinkMbps: 30 },
  { name: 'old phone', share: 0.25, stepsPerSecond: 4, uplinkMbps: 1, downlinkMbps: 5 },
];

const MBPS = 1e6 / 8;

/** The device of one split client, or null when the group simulates no devices. */
export function deviceProfile(
  params: Pick<ClientParams, 'devices' | 'stepsPerSecond' | 'uplinkMbps' | 'downlinkMbps' | 'deviceSigma'>,
  seed: number,
  splitId: string,
  splitClient: number,
): DeviceProfile | null {
  // No generator for a group without devices: a 100,000-client split would seed 100,000 for nothing.
  if (params.devices === 'none') return null;
  const rng = new Rng(deriveSeed(seed, 'device', splitId, splitClient));
  switch (params.devices) {
    case 'lognormal': {
      // Median m and spread σ: m·exp(σ·z), one independent z per quantity.
      const draw = (median: number) => median * Math.exp(params.deviceSigma * rng.normal());
      return {
        stepsPerSecond: draw(params.stepsPerSecond),
        uplinkBytesPerSecond: draw(params.uplinkMbps) * MBPS,
        downlinkBytesPerSecond: draw(params.downlinkMbps) * MBPS,
      };
    }
    case 'phones': {
      const u = rng.next();
      let acc = 0;
      const tier = PHONE_TIERS.find((t) => (acc += t.share) > u) ?? PHONE_TIERS[PHONE_TIERS.length - 1];
      return {
        stepsPerSecond: tier.stepsPerSecond,
        uplinkBytesPerSecond: tier.uplinkMbps * MBPS,
        downlinkBytesPerSecond: tier.downlinkMbps * MBPS,
        tier: tier.name,
      };
    }
  }
}
