// What main_web.cpp shares with lab_api.cpp (browser build only): the app's state and UI, once
// main() has set them up.
#pragma once

namespace bpl {
class AppState;
namespace ui {
class AppUi;
}
}  // namespace bpl

namespace bpl::web {

// Null until main() has created the window and the UI.
AppState* app();
ui::AppUi* ui();
// Frames drawn so far (window.lab waits on it).
unsigned long long frames();
// Animation frames skipped because the page was idle (see main_web.cpp).
unsigned long long skipped_frames();
// Input arrived: draw frames again at once (and for a short while after).
void wake();
// Where the last frame's time went (ms, on the main thread): training slice, building the UI
// (ImGui), submitting the draw data to WebGL. The GPU's own time is not included.
struct FrameTiming {
  double train_ms = 0, ui_ms = 0, render_ms = 0;
};
FrameTiming last_frame_timing();

}  // namespace bpl::web
