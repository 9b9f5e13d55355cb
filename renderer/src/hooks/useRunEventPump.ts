import { useEffect } from 'react';
import type { HostRunEvent } from '../../../engine/host/hostApi.js';
import { useServices } from './useServices.js';

/**
 * Feeds the host's run events to the run store in batches, one per animation frame, so a burst of
 * client updates costs one render, not hundreds, and the canvas stays responsive. A timer flushes too,
 * since hidden pages get no animation frames.
 */
export function useRunEventPump(): void {
  const { host, runs } = useServices();
  useEffect(() => {
    let queue: HostRunEvent[] = [];
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      frame = 0;
      timer = undefined;
      const batch = queue;
      queue = [];
      if (batch.length > 0) runs.getState().receive(batch);
    };
    const unsubscribe = host.onRunEvent((e) => {
      queue.push(e);
      if (!frame) frame = requestAnimationFrame(flush);
      if (!timer) timer = setTimeout(flush, 250);
    });
    return () => {
      unsubscribe();
      flush();
    };
  }, [host, runs]);
}
