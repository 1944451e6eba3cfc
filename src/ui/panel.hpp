// A panel is one ImGui window of the app. Adding a panel = one new file with a Panel subclass
// and one line in panels.cpp's registry. Panels see AppState only: no GLFW, GL or Emscripten.
#pragma once
#include <memory>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace bpl {
class AppState;
}

namespace bpl::ui {

// Where a panel sits on first load and after a resize: a cell of the layout grid, as fractions
// of the area below the toolbar (x, y, w, h in 0..1).
struct Slot {
  float x, y, w, h;
};

class Panel {
 public:
  virtual ~Panel() = default;
  virtual const char* name() const = 0;    // stable id used by window.lab.panelRect(name)
  virtual const char* title() const = 0;   // window title shown to the user
  virtual Slot slot() const = 0;           // default layout
  // False for a panel that is useful before the digits are loaded; the others are drawn only
  // once they are (until then the caller shows a "Loading" line in their window).
  virtual bool needs_data() const { return true; }
  // Whether the panel is open on first load. The six core panels are; the others are opened
  // from the toolbar's View menu.
  virtual bool default_open() const { return true; }
  // A panel read from top to bottom (lessons, step-by-step views): when the open panels are laid
  // out in a grid, it gets a full-height column on the left instead of a cell.
  virtual bool prefers_tall() const { return false; }
  // Draws the window's contents (the window itself is begun/ended by the caller).
  virtual void draw(AppState& app) = 0;
};

// The registry: every panel of the app, in layout order.
std::vector<std::unique_ptr<Panel>> make_panels();

// Shared look: helpers every panel uses (see widgets.cpp).
// A one-line help marker "(?)" with a tooltip.
void help_marker(const char* text);
// Tooltip on the last item.
void tooltip(const char* text);
// Diverging colour map for v in [-1, 1]: blue (negative) - white (0) - red (positive).
ImU32 diverging(float v);
// The highlight colour (what the current step computes, the current input) and a darker shade
// of it that reads as text on white.
ImU32 highlight_colour();
ImU32 highlight_colour_text();
// Sequential map for t in [0, 1]: white -> dark blue.
ImU32 sequential(float t);
// Grey level for a pixel 0..16 (dataset look: 0 white, 16 black).
ImU32 pixel_grey(double v);
// An 8x8 table of pixel values (0..16), each cell shaded like the pixel; cell (hi_r, hi_c)
// gets the `highlight` background.
void pixel_value_table(const double* pixels64, int hi_r = -1, int hi_c = -1, ImU32 highlight = 0);
// A combo choosing "every digit" (*digit = -1) or one digit 0..9; one_fmt formats a single
// digit (e.g. "Only %d"). Returns true when the choice changed.
bool digit_combo(const char* id, int* digit, const char* all_label, const char* one_fmt);
// A tab of a tab bar with a tooltip on its label. Returns true when the tab is open: draw its
// contents, then call ImGui::EndTabItem().
bool tab_item(const char* label, const char* tip);
// Pushes the Train/Pause button colours (pale green to train, pale orange to pause); pop 2.
void push_train_button_colors(bool training);
// Controls inside panels that window.lab.controlRect(name) finds (browser tests click them):
// call remember_panel_control("<panel>:<control>") right after drawing the item. A rectangle
// is reported only while its panel keeps drawing it (a closed panel's controls expire).
void remember_panel_control(std::string_view name);
bool panel_control_rect(std::string_view name, ImVec4* out);   // x, y, w, h
// Draws an 8x8 image (row-major 64 values 0..16) at p with the given cell size; returns its rect.
void draw_digit(ImDrawList* dl, ImVec2 p, float cell, const double* pixels64);

}  // namespace bpl::ui
