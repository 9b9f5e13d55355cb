import { useServices } from '../hooks/useServices.js';
import type { Services } from '../services.js';

/** Shows the Templates view (showActivity would hide it when it is already shown). */
function showTemplates(s: Services): void {
  const v = s.view.getState();
  if (!(v.activity === 'templates' && v.sideBarVisible)) v.showActivity('templates');
}

/** What an empty pipeline shows instead of an error: how to begin (a template, or the first node). */
export function EmptyCanvasHint() {
  const services = useServices();
  return (
    <div className="canvas-empty" data-testid="canvas-empty">
      <p className="canvas-empty-title">An empty pipeline</p>
      <p>Start from a template, or drag a Dataset from the palette above (double-click the canvas, or Ctrl+K, to add by name), then a Split, a Model, Clients and an Aggregator.</p>
      <button type="button" className="button primary" onClick={() => showTemplates(services)} data-testid="canvas-empty-templates">
        Browse templates
      </button>
    </div>
  );
}
