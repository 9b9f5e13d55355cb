import { useServices } from '../hooks/useServices.js';
import { useView } from '../hooks/useView.js';
import { Inspector } from '../inspector/Inspector.js';
import { LessonPanel } from '../lesson/LessonPanel.js';
import { BottomPanel } from '../panels/BottomPanel.js';
import { QuickInput } from '../ui/QuickInput.js';
import { ServeDialog } from './ServeDialog.js';
import { ActivityBar } from './ActivityBar.js';
import { EditorArea } from './EditorArea.js';
import { RecoveryBanner } from './RecoveryBanner.js';
import { SideBar } from './SideBar.js';
import { Splitter } from './Splitter.js';
import { StatusBar } from './StatusBar.js';
import { PresentationFrame } from './PresentationFrame.js';
import { Toast } from './Toast.js';

/** The VS Code-like frame: activity bar, side bar, editor with inspector, bottom panel, status bar. */
export function Workbench() {
  const { view } = useServices();
  const sizes = useView((s) => s.sizes);
  const sideBar = useView((s) => s.sideBarVisible);
  const inspector = useView((s) => s.inspectorVisible);
  const bottom = useView((s) => s.bottomVisible);
  const lesson = useView((s) => s.lessonMode);
  const presenting = useView((s) => s.presentation);
  const setSize = view.getState().setSize;
  if (presenting) return <PresentationFrame />;
  return (
    <div className={`workbench${lesson ? ' lesson-mode' : ''}`} data-testid="workbench" data-lesson={lesson ? 'true' : 'false'} data-presentation="false">
      <RecoveryBanner />
      <div className="workbench-main">
        <ActivityBar />
        {sideBar && (
          <>
            <div className="pane" style={{ width: sizes.sideBar }}>
              <SideBar />
            </div>
            <Splitter orientation="vertical" size={sizes.sideBar} edge="end" onResize={(px) => setSize('sideBar', px)} testId="splitter-side" />
          </>
        )}
        <div className="center">
          <div className="center-top">
            <EditorArea />
            {/* In lesson mode the Lesson panel takes the inspector's place: a clean view for a classroom. */}
            {(inspector || lesson) && (
              <>
                <Splitter orientation="vertical" size={sizes.inspector} edge="start" onResize={(px) => setSize('inspector', px)} testId="splitter-inspector" />
                <div className="pane" style={{ width: sizes.inspector }}>
                  {lesson ? <LessonPanel /> : <Inspector />}
                </div>
              </>
            )}
          </div>
          {bottom && (
            <>
              <Splitter orientation="horizontal" size={sizes.bottomPanel} edge="start" onResize={(px) => setSize('bottomPanel', px)} testId="splitter-bottom" />
              <div className="pane" style={{ height: sizes.bottomPanel }}>
                <BottomPanel />
              </div>
            </>
          )}
        </div>
      </div>
      <StatusBar />
      <QuickInput />
      <ServeDialog />
      <Toast />
    </div>
  );
}
