// The top-level UI: the toolbar (Train/Pause, Step, Reset, status line, last error), the
// panels laid out in a grid from their Panel::slot(), and the keyboard shortcuts. ImGui only:
// the platform layer (src/platform) owns the window, GL, fonts' texture and the frame loop.
//
// Coordinates: the platform makes ImGui work in FRAMEBUFFER pixels (io.DisplaySize = framebuffer
// size, io.DisplayFramebufferScale = 1) and scales fonts and style by the device pixel ratio, so
// panels size everything in font units (ImGui::GetFontSize(), ImGui::GetFrameHeight()) and never
// in raw pixels.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/layout.hpp"
#include "imgui.h"
#include "ui/panel.hpp"

namespace bpl {
class AppState;
}

namespace bpl::ui {

// ------------------------------------------------------------------------------------------
// UiShared: the few facts the panels, the toolbar and window.lab exchange, reached through
// ui::shared(). The drawing itself is the app's (AppState::sketch(), app/sketch_input.hpp);
// only where the pad is on screen lives here, written by the Sketch panel each frame it draws:
//     shared().sketch_pad_rect = ImVec4(pad_min.x, pad_min.y, pad_w, pad_h);  // screen coords
// window.lab.sketch.rect() converts it to CSS pixels of the page (so a browser test can draw on
// the pad with the mouse); window.lab.sketch.pixels() and .clear() go to the app's sketch.
// ------------------------------------------------------------------------------------------
struct UiShared {
  // ---- written by the Sketch panel (ImGui screen coordinates = framebuffer pixels)
  ImVec4 sketch_pad_rect{0, 0, 0, 0};  // x, y, w, h of the drawing pad; w == 0: not drawn yet
  // ---- share link: the platform sets page_url (the page's address without its fragment) and
  // copies copy_text to the clipboard when copy_request is set (then clears the flag)
  std::string page_url;
  std::string copy_text;
  bool copy_request = false;
  // ---- requests to the platform (model files need the browser: a download, a file picker);
  // the platform acts on them after the frame and resets them. Set by the toolbar's Model menu.
  bool export_model_request = false;
  bool export_notebook_request = false;   // Model > Export as notebook (.ipynb)
  bool import_model_request = false;
  // Set by the Data panel's My digits Export / Import buttons (a strokes JSON file).
  bool export_my_digits_request = false;
  bool import_my_digits_request = false;
  // ---- the help text shown last (widgets.cpp's help_marker/tooltip), for window.lab.help()
  std::string help_text;
  bool help_pinned = false;             // pinned by a click/tap (not a hover tooltip)
  unsigned long long help_frame = 0;    // `frame` when it was shown
  // ---- read-only for panels
  float scale = 1.0f;                   // UI scale (device pixel ratio x content scale)
  unsigned long long frame = 0;         // frames drawn so far
};
UiShared& shared();

// ---- fonts and style (call before the first frame and whenever the scale changes; after a
// change the platform re-uploads the font texture).
// The glyph ranges the app's font covers (keep in sync with scripts/subset_font.sh).
const ImWchar* glyph_ranges();
// Clears io.Fonts and loads the TTF file's bytes at `px` pixels (e.g. 15 * scale). The bytes stay
// the caller's and must outlive the atlas (fonts are rebuilt from them when the scale changes).
// With no bytes it falls back to ImGui's default font, scaled, and returns false; the browser
// build has none (BPL_NO_DEFAULT_FONT) and leaves the atlas empty: its caller must not go on.
bool load_fonts(const std::vector<unsigned char>& ttf, float px, float scale);
// Resets the style to the app's look, scaled by `scale`.
void apply_style(float scale);
// Base font size in CSS pixels (before scaling by the device pixel ratio).
constexpr float kBaseFontPx = 15.0f;

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

class AppUi {
 public:
  explicit AppUi(AppState& app);
  ~AppUi();
  AppUi(const AppUi&) = delete;
  AppUi& operator=(const AppUi&) = delete;

  // One frame of UI, between ImGui::NewFrame() and ImGui::Render(): shortcuts, toolbar, panels.
  void frame();

  // ---- actions shared by the toolbar, the keyboard shortcuts and window.lab
  void set_training(bool on);
  void toggle_training();         // Space
  void step(int n = 1);           // S: pauses training, then n optimizer steps
  void reset();                   // R: re-initialize the weights from the seed
  // Brings back the trained network the last reset/new network set aside (AppState::
  // undo_set_aside); returns "" or the reason nothing changed.
  std::string undo();
  void clear_sketch();            // C: asks the Sketch panel to clear; clears the sketch input now
  void relayout() { relayout_ = true; }  // put every panel back in its slot on the next frame
  void toggle_presenter();        // P
  void focus_next_panel(int dir); // N / Shift+N: keyboard focus to the next / previous panel

  // ---- share links (src/app/url_state.hpp): the fragment of the current setup, the full link
  // (shared().page_url + '#' + fragment), and applying a link's fragment. apply_link applies the
  // good parts, shows a notice naming the bad ones and returns it ('' when all was applied).
  std::string share_fragment() const;
  std::string share_link() const;
  std::string apply_link(std::string_view fragment);

  // Window rectangle (ImGui coordinates) of a panel by Panel::name(), or "toolbar", as last drawn.
  bool panel_rect(std::string_view name, Rect* out) const;
  std::vector<std::string> panel_names() const;
  // Opens or closes a panel by Panel::name(); false for an unknown name. A panel opened this way
  // (or from the View menu) takes its own place and the open ones keep theirs; a close lays the
  // others out afresh.
  bool set_panel_open(std::string_view name, bool on);
  // Rectangle (ImGui coordinates) of a toolbar control: "train", "step" or "reset", "view", or a
  // View menu item "view:<panel name>" (known once the menu has been drawn open), "model", or the
  // Model menu's items "model:export", "model:import", as last drawn.
  bool control_rect(std::string_view name, Rect* out) const;

  // The layout of the last frame (app/layout.hpp) and the panels it showed, for lab.layout().
  LayoutKind layout_kind() const { return kind_; }
  std::vector<std::string> visible_panels() const;

  AppState& app() { return app_; }

 private:
  void shortcuts();
  void toolbar();
  void model_menu();
  void model_menu_items(float h, const std::string& prefix);
  void remember_control(const char* name);
  void draw_panels();
  Slot default_slot(const Panel& p, ImVec2 area, float gap) const;   // a default panel's cell
  void view_menu();
  void ui_scale_slider(const char* control);
  void share_popup();
  void anchor_popup_below_item();
  void draw_lesson_highlight();
  void toolbar_buttons();
  void undo_button();
  void toolbar_status(float right_x);
  void apply_default_view();
  // Phone layout (kind_ == LayoutKind::Phone): the toolbar's two rows, its More menu and the
  // panel picker; touch targets kTouchCss high.
  void phone_toolbar();
  void phone_more_menu();
  void panel_picker();
  float css_per_px() const;      // CSS pixels per ImGui (framebuffer) pixel
  float touch_height() const;    // kTouchCss in ImGui pixels
  bool default_view_open() const;   // exactly the panels open by default are open
  void open_in_place(std::string_view name);   // opens a panel; the open ones stay where they are

  AppState& app_;
  std::vector<std::unique_ptr<Panel>> panels_;
  std::vector<Rect> rects_;
  Rect toolbar_rect_;
  std::map<std::string, Rect> controls_;
  ImVec2 last_display_{-1, -1};
  float last_font_size_ = -1;
  bool relayout_ = true;
  LayoutKind kind_ = LayoutKind::Desktop;     // this frame's layout
  LayoutKind last_kind_ = LayoutKind::Desktop;
  std::string last_front_;                    // the phone panel the layout was made for
  unsigned long long view_version_ = ~0ull;   // the ViewState version the layout was made for
  unsigned long long place_version_ = ~0ull;  // the version open_in_place made (only added panels)
  std::vector<std::string> placed_;           // the panels open when the layout was last made
  bool share_copied_ = false;                 // the Share popup's Copy button was pressed
  int scale_percent_ = -1;                    // the UI scale slider's value while it is dragged
};

}  // namespace bpl::ui
