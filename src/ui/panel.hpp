// A panel is one ImGui window of the app. Adding a panel = one new file with a Panel subclass
// and one line in panels.cpp's registry. Panels see AppState only: no GLFW, GL or Emscripten.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "ui/colours.hpp"
#include "ui/item_registry.hpp"

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

// The palette: every colour with a meaning lives here, so a meaning has one colour everywhere.
namespace palette {
constexpr ImU32 kHighlight = IM_COL32(255, 140, 0, 255);   // orange: the current input, the focus, the prediction
constexpr ImU32 kHover = IM_COL32(66, 150, 250, 255);      // ImGui's accent blue: under the pointer
constexpr ImU32 kTrue = IM_COL32(40, 170, 70, 255);        // green: the right answer
inline const ImVec4 kTrueText(0.25f, 0.75f, 0.35f, 1.0f);
inline const ImVec4 kPredText(1.0f, 0.55f, 0.0f, 1.0f);
inline const ImVec4 kWrongText(0.85f, 0.2f, 0.15f, 1.0f);
// The curves' colours, colour-blind safe and checked by a unit test (ui/colours.hpp).
constexpr ImU32 rgb(colours::Rgb8 c) { return IM_COL32(c.r, c.g, c.b, 255); }
constexpr ImU32 kTrain = rgb(colours::kTrain);             // blue: training-set curves (solid)
constexpr ImU32 kValidation = rgb(colours::kValidation);   // vermillion: validation-set curves (dashed)
constexpr ImU32 kCost = rgb(colours::kCost);               // grey: the regularized cost
constexpr ImU32 kInk = IM_COL32(20, 20, 20, 255);          // sketch ink and paper
constexpr ImU32 kPaper = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kBlockLine = IM_COL32(120, 160, 220, 110); // the 4x4 block grid over a bitmap
constexpr ImU32 kUnsure = IM_COL32(150, 110, 60, 255);     // muted orange: the network is not sure
constexpr ImU32 kMarker = IM_COL32(200, 40, 40, 255);      // red: a plot marker ("diverged here")
constexpr ImU32 kFocus = IM_COL32(10, 60, 160, 255);       // dark blue: the keyboard focus ring
}  // namespace palette
// Colour i (0..7, wraps) of the Okabe-Ito palette, safe for colour-blind readers: one per
// series when several runs share a plot (black first is skipped: it reads as an axis).
ImU32 series_colour(int i);

// Shared look: helpers every panel uses (see widgets.cpp).
// Help that is never reachable by hover alone (one mechanism for the whole app, widgets.cpp):
// A help marker "(?)": hover shows `text` as a tooltip; a click, a tap, or Space/Enter while it
// has the keyboard focus pins it in a small popup (closed by a click elsewhere, Escape, or
// another click on the marker). `name` (optional) registers it for lab.controlRect(name).
void help_marker(const char* text, const char* name = nullptr);
// A button labelled `label` whose click pins `text` (as help_marker); returns the click.
bool help_button(const char* label, const char* text, const char* name = nullptr);
// Tooltip on the last item. On information (an item without an ID: Text, Dummy) a click or tap
// also pins it; on a control it shows on hover, after a tap and under the keyboard focus.
void tooltip(const char* text);
// Tooltip on the last item that a click on the item always pins (an InvisibleButton that does
// nothing else, e.g. a colour legend).
void pinnable_tooltip(const char* text);
// The same for a rectangle drawn without an item (a plot's title): hover shows, a click pins.
void help_rect(const char* text, ImVec2 min, ImVec2 max);
// A job's Run / Cancel / progress, the same in every panel that runs one (kNN, sweep): while
// `running`, a "Cancel" button and beside it a progress bar (progress 0..1) reading
// `progress_text`, as wide as the panel; otherwise a "\u25B6 Run" button with `run_help` as its
// tooltip. The labels are what lab.controls() names (<panel>:run, <panel>:cancel) match.
enum class JobAction { None, Run, Cancel };
JobAction job_controls(bool running, double progress, const char* progress_text, const char* run_help);
// Keyboard navigation: whether the keyboard focus is showing (Tab/arrows were used since the
// last click), and the focused item's rectangle (x, y, w, h; ImGui coordinates).
bool keyboard_focus_visible();
bool keyboard_focus_rect(ImVec4* out);
// For a panel that uses the arrow keys itself (the Backprop stepper's <- ->): true when this
// frame's arrows are the panel's (the keyboard focus is not showing), and then they do not also
// start keyboard navigation. False: the arrows move the keyboard focus.
bool claim_arrow_keys();
// Gives the keyboard focus to the next (dir = 1) or previous (-1) open window of `names` (ImGui
// window names, in order) after the focused one, on its first control. False if none is open.
bool focus_next_window(const std::vector<std::string>& names, int dir);
// A thick ring (in font units) around the item with the keyboard focus; AppUi::frame calls it.
void draw_focus_ring();
// Draws the pinned explanation; AppUi::frame calls it once per frame, after the panels.
void draw_pinned_help();
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
// Sliders, number and text fields and combos whose value the item registry knows (lab.controls()
// lists it, web/mirror.js reads it out) and lab.setControl sets: ImGui's widget of the same name,
// then the value set by lab.setControl (if one waits for this item) is written into *v and the
// call returns true, exactly as for the user's own edit. Use them instead of ImGui's.
bool slider_int(const char* label, int* v, int lo, int hi, const char* fmt = "%d", ImGuiSliderFlags flags = 0);
// step: one arrow key's step (0: a hundredth of the range, rounded).
bool slider_float(const char* label, float* v, float lo, float hi, const char* fmt = "%.3f", ImGuiSliderFlags flags = 0,
                  float step = 0);
bool slider_double(const char* label, double* v, double lo, double hi, const char* fmt, ImGuiSliderFlags flags = 0);
bool input_int(const char* label, int* v, int step = 1, int step_fast = 100);
bool input_double(const char* label, double* v, double step = 0, double step_fast = 0, const char* fmt = "%.6f");
bool input_u64(const char* label, unsigned long long* v);   // with +/- buttons (step 1), shown as "%llu"
bool input_text(const char* label, std::string* text, ImGuiInputTextFlags flags = 0);
// Combos that tell the registry their preview (the choice shown).
bool begin_combo(const char* label, const char* preview, ImGuiComboFlags flags = 0);
bool combo(const char* label, int* current, const char* const items[], int count);
bool combo(const char* label, int* current, const char* zero_separated);
// "12.3 s", "4 min 05 s", "1 h 02 min".
void format_duration(char* buf, int n, double ms);
// A tab of a tab bar with a tooltip on its label. Returns true when the tab is open: draw its
// contents, then call ImGui::EndTabItem().
bool tab_item(const char* label, const char* tip);
// Pushes the Train/Pause button colours (pale green to train, pale orange to pause); pop 2.
void push_train_button_colors(bool training);
// Controls inside panels that window.lab.controlRect(name) finds (browser tests click them):
// every item drawn in the last frame, by the name the item registry derives for it
// (ui/item_registry.hpp); name_item(name) gives the item just drawn an extra name when it
// depends on state (the first image shown). A closed panel's controls are not found.
bool panel_control_rect(std::string_view name, ImVec4* out);   // x, y, w, h
// The same for a rectangle drawn without an item (a weight tile, an activation cell).
void remember_panel_rect(std::string_view name, ImVec2 min, ImVec2 max);
// Draws an 8x8 image (row-major 64 values 0..16) at p with the given cell size; returns its rect.
void draw_digit(ImDrawList* dl, ImVec2 p, float cell, const double* pixels64);
// Colour of digit class 0..9: a 10-class colour-blind-safe palette (Okabe-Ito's 8 plus two),
// used wherever a colour stands for a digit (the Decision map).
ImU32 class_color(int digit, float alpha = 1.0f);
// The one thumbnail widget: an 8x8 image as a button at the cursor, outlined in the highlight
// colour when `selected`, in the hover colour under the pointer. Push an ID first (e.g. the
// image index). Returns true when clicked; *hovered tells whether the pointer is on it (for the
// caller's tooltip).
bool digit_thumbnail(const double* pixels64, float cell, bool selected, bool* hovered);

}  // namespace bpl::ui
