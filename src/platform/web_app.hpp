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

}  // namespace bpl::web
