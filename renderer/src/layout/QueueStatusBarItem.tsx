import { useEffect, useState } from 'react';
import type { QueueStatus } from '../../../engine/host/hostApi.js';
import { useServices } from '../hooks/useServices.js';
import { useUi } from '../hooks/useUi.js';
import { QUEUE_POLL_MS, queueStatusItem } from '../store/queueStatusItem.js';

/** The status bar's queue workers, asked of the host every few seconds; nothing where the host has no queue. */
export function QueueStatusBarItem() {
  const services = useServices();
  const queue = useUi((s) => s.hostInfo?.queue);
  const [status, setStatus] = useState<QueueStatus | null>(null);
  useEffect(() => {
    if (!queue) return;
    let live = true;
    const ask = () => {
      // A hidden page need not know; it asks again when shown.
      if (document.hidden) return;
      services.host.listWorkers().then(
        (s) => live && setStatus(s),
        (e: unknown) => live && setStatus({ url: queue, workers: [], error: e instanceof Error ? e.message : String(e) }),
      );
    };
    ask();
    const timer = setInterval(ask, QUEUE_POLL_MS);
    document.addEventListener('visibilitychange', ask);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', ask);
    };
  }, [services, queue]);
  const item = queueStatusItem(status);
  if (!item) return null;
  return (
    <span className={`status-item status-queue status-queue-${item.state}`} data-testid="status-queue" data-state={item.state} data-count={status?.workers.length ?? 0} title={item.title}>
      {item.text}
    </span>
  );
}
