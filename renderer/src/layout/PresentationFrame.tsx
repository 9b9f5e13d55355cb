import { LessonPanel } from '../lesson/LessonPanel.js';
import { PresentationChart } from '../lesson/PresentationChart.js';
import { QuickInput } from '../ui/QuickInput.js';
import { EditorArea } from './EditorArea.js';
import { StatusBar } from './StatusBar.js';
import { Toast } from './Toast.js';

/**
 * Presentation mode, for a classroom projector (TensorFlow Playground's one big page): the activity bar, side
 * bar, inspector and bottom panel fold away; the canvas and the lesson stand side by side in large type, with
 * the test-accuracy chart large under the lesson. The status bar's Present button (or the command) leaves it.
 */
export function PresentationFrame() {
  return (
    <div className="workbench lesson-mode presentation" data-testid="workbench" data-lesson="true" data-presentation="true">
      <div className="workbench-main">
        <div className="center">
          <div className="center-top">
            <EditorArea />
            <div className="pane presentation-side" data-testid="presentation-side">
              <LessonPanel />
              <PresentationChart />
            </div>
          </div>
        </div>
      </div>
      <StatusBar />
      <QuickInput />
      <Toast />
    </div>
  );
}
