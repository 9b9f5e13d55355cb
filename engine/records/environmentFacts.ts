/** The facts about the machine a run ran on that help explain its numbers, without git or anything private. */
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { packageVersion } from '../host/packagePaths.js';
import type { EnvironmentFacts } from './runRecordTypes.js';

export type { EnvironmentFacts } from './runRecordTypes.js';

/** This machine's facts. */
export function environmentFacts(): EnvironmentFacts {
  const list = cpus();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: totalmem(),
  };
}

/** FedFlow's version, or 'unknown' where its package.json cannot be found (a bundled copy). */
export function engineVersion(): string {
  try {
    return packageVersion();
  } catch {
    return 'unknown';
  }
}
