// The shared look: small helpers every panel uses (declared in panel.hpp).
#include <algorithm>
#include <map>
#include <string>
#include <vector>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "imgui_internal.h"   // the keyboard focus (NavId, its window and rectangle)
#include "ui/app_ui.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {

namespace {

float clamp01(float t) { return std::isfinite(t) ? std::clamp(t, 0.0f, 1.0f) : 0.0f; }

struct Rgb {
  float r, g, b;
};

Rgb lerp(Rgb a, Rgb b, float t) { return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t}; }

ImU32 to_u32(Rgb c) {
  auto u = [](float v) { return static_cast<int>(std::lround(std::clamp(v, 0.0f, 255.0f))); };
  return IM_COL32(u(c.r), u(c.g), u(c.b), 255);
}

// Piecewise-linear map through evenly spaced stops.
template <std::size_t N>
Rgb through(const Rgb (&stops)[N], float t) {
  const float x = clamp01(t) * static_cast<float>(N - 1);
  const std::size_t i = std::min(static_cast<std::size_t>(x), N - 2);
  return lerp(stops[i], stops[i + 1], x - static_cast<float>(i));
}

// Help text wraps at 32 font heights, or narrower on a narrow screen (a phone), so the window
// stays inside the display (ImGui keeps a tooltip or popup inside it only when it fits).
float help_wrap_width() {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float room = ImGui::GetIO().DisplaySize.x - 2.0f * st.WindowPadding.x - 2.0f * st.DisplaySafeAreaPadding.x -
                     ImGui::GetFontSize();
  return std::max(8.0f * ImGui::GetFontSize(), std::min(32.0f * ImGui::GetFontSize(), room));
}

void wrapped_tooltip(const char* text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(help_wrap_width());
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

// ---- help that hover, a click, a tap and the keyboard all reach (nothing by hover alone)
//
// One pinned explanation at a time, drawn by draw_pinned_help() once per frame as a popup at
// the top level (so it outlives the item that opened it and closes like any popup: a click or
// tap elsewhere, Escape). The text last shown (tooltip or pinned) is recorded in shared() for
// window.lab.help().
namespace {

constexpr const char* kPinnedPopup = "##pinned_help";

struct PinnedHelp {
  std::string text;
  ImVec2 at{0, 0};                  // where the popup opens: below the item that pinned it
  bool open_request = false;
  unsigned long long shown = 0;     // shared().frame when the popup was last drawn
};

PinnedHelp& pinned_help() {
  static PinnedHelp p;
  return p;
}

void note_help(const std::string& text, bool pinned) {
  UiShared& s = shared();
  s.help_text = text;
  s.help_pinned = pinned;
  s.help_frame = s.frame;
}

bool pinned_now(const char* text) {
  const PinnedHelp& p = pinned_help();
  return p.shown + 1 >= shared().frame && p.text == text;
}

// Pins `text` below the last item; a second click on the same item unpins it (the click outside
// the popup has already closed it this frame: it is simply not reopened).
void toggle_pin(const char* text, ImVec2 below_left) {
  PinnedHelp& p = pinned_help();
  if (pinned_now(text) && !p.open_request) {
    p.shown = 0;
    return;
  }
  p.text = text;
  p.at = ImVec2(below_left.x, below_left.y + 0.2f * ImGui::GetFontSize());
  p.open_request = true;
}

// After an item: hover shows `text` as a tooltip, `clicked` pins it.
void hover_or_pin(const char* text, bool clicked) {
  item_registry().describe_item(ImGui::GetItemID(), text);   // for screen readers (web/mirror.js)
  if (clicked) {
    toggle_pin(text, ImVec2(ImGui::GetItemRectMin().x, ImGui::GetItemRectMax().y));
    return;
  }
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && !pinned_now(text)) {
    wrapped_tooltip(text);
    note_help(text, false);
  }
}

}  // namespace

void help_marker(const char* text, const char* name) {
  if (!text) return;
  ImGui::PushID(text);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
  const bool clicked = ImGui::SmallButton("(?)");   // a button: clicks, taps and Space/Enter reach it
  ImGui::PopStyleColor(2);
  set_item_kind(ItemKind::HelpMarker);
  if (name) name_item(name);
  hover_or_pin(text, clicked);
  ImGui::PopID();
}

bool help_button(const char* label, const char* text, const char* name) {
  const bool clicked = ImGui::Button(label);
  if (name) name_item(name);
  if (text) hover_or_pin(text, clicked);
  return clicked;
}

void tooltip(const char* text) {
  if (!text || !*text) return;
  // Information text (no ID: Text, Dummy) pins its explanation on a click or tap; a control keeps
  // its click for its action, and its tooltip shows on hover, after a tap (the pointer stays
  // where the finger lifted) and while it has the keyboard focus.
  const bool info = ImGui::GetItemID() == 0;
  hover_or_pin(text, info && ImGui::IsItemClicked(ImGuiMouseButton_Left));
}

JobAction job_controls(bool running, double progress, const char* progress_text, const char* run_help) {
  if (running) {
    const bool cancel = ImGui::Button("Cancel");
    ImGui::SameLine();
    ImGui::ProgressBar(static_cast<float>(progress), ImVec2(-1, 0), progress_text);
    return cancel ? JobAction::Cancel : JobAction::None;
  }
  const bool run = ImGui::Button("\u25B6 Run");
  tooltip(run_help);
  return run ? JobAction::Run : JobAction::None;
}

void pinnable_tooltip(const char* text) {
  if (text && *text) hover_or_pin(text, ImGui::IsItemClicked(ImGuiMouseButton_Left));
}

void help_rect(const char* text, ImVec2 a, ImVec2 b) {
  if (!text || !*text || !ImGui::IsWindowHovered() || !ImGui::IsMouseHoveringRect(a, b)) return;
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    toggle_pin(text, ImVec2(a.x, b.y));
  else if (!pinned_now(text)) {
    wrapped_tooltip(text);
    note_help(text, false);
  }
}

void draw_pinned_help() {
  PinnedHelp& p = pinned_help();
  if (p.open_request) {
    ImGui::OpenPopup(kPinnedPopup);
    p.open_request = false;
  }
  ImGui::SetNextWindowPos(p.at, ImGuiCond_Appearing);
  if (!ImGui::BeginPopup(kPinnedPopup)) return;
  ImGui::PushTextWrapPos(help_wrap_width());
  ImGui::TextUnformatted(p.text.c_str());
  ImGui::PopTextWrapPos();
  name_item("help:pinned");
  p.shown = shared().frame;
  note_help(p.text, true);
  ImGui::EndPopup();
}

// ---- keyboard navigation (ImGuiConfigFlags_NavEnableKeyboard)

bool keyboard_focus_visible() { return ImGui::GetIO().NavVisible; }

bool keyboard_focus_rect(ImVec4* out) {
  const ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiWindow* w = g.NavWindow;
  if (!ImGui::GetIO().NavVisible || g.NavId == 0 || !w || g.NavWindowingTarget) return false;
  const ImRect r = ImGui::WindowRectRelToAbs(w, w->NavRectRel[g.NavLayer]);
  if (!(r.GetWidth() > 0 && r.GetHeight() > 0)) return false;
  *out = ImVec4(r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight());
  return true;
}

bool claim_arrow_keys() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  if (ImGui::GetIO().NavVisible) return false;   // the keyboard focus is showing: arrows move it
  // This frame's arrow press (if any) must not also start keyboard navigation.
  ImGui::NavMoveRequestCancel();
  g.NavInitRequest = g.NavInitRequestFromMove = false;
  g.NavDisableHighlight = true;
  return true;
}

bool focus_next_window(const std::vector<std::string>& names, int dir) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  const int n = static_cast<int>(names.size());
  if (n == 0) return false;
  int cur = -1;
  if (g.NavWindow)
    for (int i = 0; i < n; ++i)
      if (ImGui::FindWindowByName(names[static_cast<std::size_t>(i)].c_str()) == g.NavWindow->RootWindow) cur = i;
  for (int k = 1; k <= n; ++k) {
    const int base = cur >= 0 ? cur : (dir > 0 ? -1 : 0);
    const int i = ((base + dir * k) % n + n) % n;
    ImGuiWindow* w = ImGui::FindWindowByName(names[static_cast<std::size_t>(i)].c_str());
    if (!w || !w->WasActive) continue;
    ImGui::FocusWindow(w);
    ImGui::NavInitWindow(w, true);   // its first control gets the keyboard focus
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    return true;
  }
  return false;
}

void draw_focus_ring() {
  ImVec4 r;
  if (!keyboard_focus_rect(&r)) return;
  // ImGui's own ring is 2 px whatever the font size; this one is a quarter of a font height.
  const float t = std::max(3.0f, 0.25f * ImGui::GetFontSize());
  const float d = 0.5f * t + 0.15f * ImGui::GetFontSize();
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImVec2 a(r.x - d, r.y - d), b(r.x + r.z + d, r.y + r.w + d);
  dl->AddRect(ImVec2(a.x - 0.5f * t, a.y - 0.5f * t), ImVec2(b.x + 0.5f * t, b.y + 0.5f * t), IM_COL32_WHITE,
              ImGui::GetStyle().FrameRounding + t, 0, 1.0f);
  dl->AddRect(a, b, palette::kFocus, ImGui::GetStyle().FrameRounding + 0.5f * t, 0, t);
}

ImU32 diverging(float v) {
  // ColorBrewer RdBu (reversed): negative blue, zero white, positive red.
  static const Rgb kStops[] = {{33, 102, 172}, {146, 197, 222}, {247, 247, 247}, {244, 165, 130}, {178, 24, 43}};
  const float t = std::isfinite(v) ? (std::clamp(v, -1.0f, 1.0f) + 1.0f) * 0.5f : 0.5f;
  return to_u32(through(kStops, t));
}

ImU32 highlight_colour() { return IM_COL32(240, 130, 0, 255); }
ImU32 highlight_colour_text() { return IM_COL32(165, 75, 0, 255); }

ImU32 sequential(float t) {
  // ColorBrewer Blues: white -> dark blue.
  static const Rgb kStops[] = {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
  return to_u32(through(kStops, t));
}

ImU32 pixel_grey(double v) {
  const float t = clamp01(static_cast<float>(v / 16.0));
  const int g = static_cast<int>(std::lround(255.0f * (1.0f - t)));
  return IM_COL32(g, g, g, 255);
}

void draw_digit(ImDrawList* dl, ImVec2 p, float cell, const double* pixels64) {
  if (!dl || !pixels64 || !(cell > 0)) return;
  for (int r = 0; r < 8; ++r) {
    for (int c = 0; c < 8; ++c) {
      const ImVec2 a(p.x + c * cell, p.y + r * cell);
      dl->AddRectFilled(a, ImVec2(a.x + cell, a.y + cell), pixel_grey(pixels64[r * 8 + c]));
    }
  }
  dl->AddRect(p, ImVec2(p.x + 8 * cell, p.y + 8 * cell), IM_COL32(150, 150, 150, 255));
}

ImU32 class_color(int digit, float alpha) {
  // Okabe & Ito (2008) colour-blind-safe palette (8 colours), plus two from Paul Tol's muted set
  // that stay distinct from them under the common colour-vision deficiencies.
  static const Rgb kClass[10] = {
      {0, 114, 178},    // 0 blue
      {230, 159, 0},    // 1 orange
      {0, 158, 115},    // 2 bluish green
      {204, 121, 167},  // 3 reddish purple
      {86, 180, 233},   // 4 sky blue
      {213, 94, 0},     // 5 vermillion
      {240, 228, 66},   // 6 yellow
      {90, 90, 90},     // 7 dark grey (Okabe-Ito black, lightened to show on dark marks)
      {136, 34, 85},    // 8 wine (Tol)
      {153, 153, 51},   // 9 olive (Tol)
  };
  const Rgb c = kClass[std::clamp(digit, 0, 9)];
  const ImU32 rgb = to_u32(c) & ~IM_COL32_A_MASK;
  return rgb | (static_cast<ImU32>(std::lround(255.0f * clamp01(alpha))) << IM_COL32_A_SHIFT);
}

bool digit_thumbnail(const double* px, float cell, bool selected, bool* hovered) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float side = cell * 8.0f;
  const bool clicked = ImGui::InvisibleButton("##img", ImVec2(side, side));
  set_item_kind(ItemKind::Image);
  *hovered = ImGui::IsItemHovered();
  if (!ImGui::IsItemVisible()) return clicked;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  draw_digit(dl, p, cell, px);
  const ImVec2 q(p.x + side, p.y + side);
  if (selected) {
    const float t = std::max(2.0f, cell * 0.6f);
    dl->AddRect(ImVec2(p.x - t * 0.5f, p.y - t * 0.5f), ImVec2(q.x + t * 0.5f, q.y + t * 0.5f), palette::kHighlight,
                0, 0, t);
  } else if (*hovered) {
    dl->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(q.x + 1, q.y + 1), palette::kHover, 0, 0, 2.0f);
  }
  return clicked;
}

ImU32 series_colour(int i) {
  // Okabe & Ito (2008): orange, sky blue, bluish green, blue, vermillion, reddish purple, and
  // yellow last (it is faint on the white plot background).
  static const ImU32 kColours[] = {IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255),
                                   IM_COL32(0, 158, 115, 255),   IM_COL32(0, 114, 178, 255),
                                   IM_COL32(213, 94, 0, 255),    IM_COL32(204, 121, 167, 255),
                                   IM_COL32(240, 228, 66, 255)};
  const int n = static_cast<int>(sizeof kColours / sizeof kColours[0]);
  return kColours[((i % n) + n) % n];
}

void pixel_value_table(const double* px, int hi_r, int hi_c, ImU32 highlight) {
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedSame | ImGuiTableFlags_NoHostExtendX;
  if (!ImGui::BeginTable("##pixels", 8, flags)) return;
  for (int r = 0; r < 8; ++r) {
    ImGui::TableNextRow();
    for (int c = 0; c < 8; ++c) {
      ImGui::TableSetColumnIndex(c);
      const double v = px[r * 8 + c];
      ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, (r == hi_r && c == hi_c) ? highlight : pixel_grey(v));
      ImGui::PushStyleColor(ImGuiCol_Text, v > 7.5 ? IM_COL32_WHITE : IM_COL32_BLACK);
      ImGui::Text("%2d", static_cast<int>(v + 0.5));
      ImGui::PopStyleColor();
    }
  }
  ImGui::EndTable();
}

// ---- sliders, number and text fields and combos that tell the item registry their value
//
// Each draws ImGui's own widget, then value_item(): the value lab.setControl asked for (if any) is
// written into the bound variable as the user's edit would, and the wrapper returns true, so the
// panel sends its usual intent; then the value as shown goes into the registry (lab.controls()).

namespace {

// The ID of the item `label` makes in the current window; an InputScalar with +/- buttons puts
// its field, labelled "", under the label's ID.
ImGuiID value_item_id(const char* label, bool stepped) {
  const ImGuiID id = ImGui::GetCurrentWindow()->GetIDNoKeepAlive(label);
  return stepped ? ImHashStr("", 0, id) : id;
}

// A value lab.setControl asked for, as the field's type: request_value checked it (a finite
// number, whole for a whole-number field, inside the range), so only the type's own limits remain.
void parse(const std::string& t, int* v) {
  const double x = std::strtod(t.c_str(), nullptr);
  *v = static_cast<int>(std::lround(std::clamp(x, double(INT_MIN), double(INT_MAX))));
}
void parse(const std::string& t, float* v) { *v = std::strtof(t.c_str(), nullptr); }
void parse(const std::string& t, double* v) { *v = std::strtod(t.c_str(), nullptr); }
void parse(const std::string& t, unsigned long long* v) {
  if (!t.empty() && t.find_first_not_of("0123456789") == std::string::npos) {   // exact above 2^53 too
    *v = std::strtoull(t.c_str(), nullptr, 10);
    return;
  }
  const double x = std::clamp(std::strtod(t.c_str(), nullptr), 0.0, 1.8e19);
  *v = static_cast<unsigned long long>(x);
}

// A slider's arrow-key step: a hundredth of its range, rounded to 1, 2 or 5 times a power of 10.
double nice_step(double lo, double hi) {
  const double raw = (hi - lo) / 100.0;
  if (!(raw > 0) || !std::isfinite(raw)) return 0.0;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  const double m = raw / p;
  return (m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0) * p;
}

template <class T>
bool value_item(bool edited, ImGuiID id, const char* label, T* v, ImGuiDataType type, const char* fmt, ItemValue info) {
  if (std::optional<std::string> req = item_registry().take_value_request(id)) {
    parse(*req, v);
    edited = true;
  }
  info.value = static_cast<double>(*v);
  info.integer = type != ImGuiDataType_Float && type != ImGuiDataType_Double;
  char buf[64];
  ImGui::DataTypeFormatString(buf, sizeof buf, type, v, fmt ? fmt : ImGui::DataTypeGetInfo(type)->PrintFmt);
  info.text = buf;
  item_registry().set_value(id, std::move(info), label);
  return edited;
}

ItemValue range(double lo, double hi, ImGuiSliderFlags flags, double step) {
  ItemValue r;
  r.kind = ItemKind::Slider;
  r.min = lo;
  r.max = hi;
  r.log = (flags & ImGuiSliderFlags_Logarithmic) != 0;
  r.step = step > 0 ? step : nice_step(lo, hi);
  return r;
}

}  // namespace

bool slider_int(const char* label, int* v, int lo, int hi, const char* fmt, ImGuiSliderFlags flags) {
  const ImGuiID id = value_item_id(label, false);
  const bool e = ImGui::SliderInt(label, v, lo, hi, fmt, flags);
  return value_item(e, id, label, v, ImGuiDataType_S32, fmt, range(lo, hi, flags, 1));
}

bool slider_float(const char* label, float* v, float lo, float hi, const char* fmt, ImGuiSliderFlags flags, float step) {
  const ImGuiID id = value_item_id(label, false);
  const bool e = ImGui::SliderFloat(label, v, lo, hi, fmt, flags);
  return value_item(e, id, label, v, ImGuiDataType_Float, fmt, range(lo, hi, flags, step));
}

bool slider_double(const char* label, double* v, double lo, double hi, const char* fmt, ImGuiSliderFlags flags) {
  const ImGuiID id = value_item_id(label, false);
  const bool e = ImGui::SliderScalar(label, ImGuiDataType_Double, v, &lo, &hi, fmt, flags);
  return value_item(e, id, label, v, ImGuiDataType_Double, fmt, range(lo, hi, flags, 0));
}

bool input_int(const char* label, int* v, int step, int step_fast) {
  const ImGuiID id = value_item_id(label, step > 0);
  const bool e = ImGui::InputInt(label, v, step, step_fast);
  ItemValue info;
  info.step = step > 0 ? step : 1;
  return value_item(e, id, label, v, ImGuiDataType_S32, "%d", info);
}

bool input_double(const char* label, double* v, double step, double step_fast, const char* fmt) {
  const ImGuiID id = value_item_id(label, step > 0);
  const bool e = ImGui::InputDouble(label, v, step, step_fast, fmt);
  ItemValue info;
  info.step = step;
  return value_item(e, id, label, v, ImGuiDataType_Double, fmt, info);
}

bool input_u64(const char* label, unsigned long long* v) {
  const ImGuiID id = value_item_id(label, true);
  const unsigned long long one = 1;
  const bool e = ImGui::InputScalar(label, ImGuiDataType_U64, v, &one, nullptr, "%llu");
  ItemValue info;
  info.min = 0;
  info.step = 1;
  return value_item(e, id, label, v, ImGuiDataType_U64, "%llu", info);
}

bool input_text(const char* label, std::string* text, ImGuiInputTextFlags flags) {
  const ImGuiID id = value_item_id(label, false);
  std::vector<char> buf(text->begin(), text->end());
  buf.resize(text->size() + 256, '\0');
  bool e = ImGui::InputText(label, buf.data(), buf.size(), flags);
  if (e) *text = buf.data();
  const bool read_only = (flags & ImGuiInputTextFlags_ReadOnly) != 0;
  if (std::optional<std::string> req = item_registry().take_value_request(id); req && !read_only) {
    *text = *req;
    e = true;
  }
  ItemValue info;
  info.text_field = true;
  info.read_only = read_only;
  info.text = *text;
  item_registry().set_value(id, std::move(info), label);
  return e;
}

namespace {
// A combo's preview as its value (read only: a combo is set through its list's items).
void combo_value(ImGuiID id, const char* label, const char* preview) {
  ItemValue info;
  info.kind = ItemKind::Combo;
  info.text = preview ? preview : "";
  item_registry().set_value(id, std::move(info), label);
}
}  // namespace

bool begin_combo(const char* label, const char* preview, ImGuiComboFlags flags) {
  const ImGuiID id = value_item_id(label, false);
  const bool open = ImGui::BeginCombo(label, preview, flags);
  combo_value(id, label, preview);
  return open;
}

bool combo(const char* label, int* current, const char* const items[], int count) {
  const ImGuiID id = value_item_id(label, false);
  const bool e = ImGui::Combo(label, current, items, count);
  combo_value(id, label, *current >= 0 && *current < count ? items[*current] : "");
  return e;
}

bool combo(const char* label, int* current, const char* zero_separated) {
  const ImGuiID id = value_item_id(label, false);
  const bool e = ImGui::Combo(label, current, zero_separated);
  const char* p = zero_separated;
  for (int i = 0; i < *current && *p; ++i) p += std::strlen(p) + 1;
  combo_value(id, label, p);
  return e;
}

bool digit_combo(const char* id, int* digit, const char* all_label, const char* one_fmt) {
  char preview[48];
  if (*digit < 0)
    std::snprintf(preview, sizeof preview, "%s", all_label);
  else
    std::snprintf(preview, sizeof preview, one_fmt, *digit);
  const int before = *digit;
  if (begin_combo(id, preview)) {
    if (ImGui::Selectable(all_label, *digit < 0)) *digit = -1;
    for (int d = 0; d < 10; ++d) {
      char label[48];
      std::snprintf(label, sizeof label, one_fmt, d);
      if (ImGui::Selectable(label, *digit == d)) *digit = d;
    }
    ImGui::EndCombo();
  }
  return *digit != before;
}

void format_duration(char* buf, int n, double ms) {
  const double s = ms / 1000.0;
  if (s < 60)
    std::snprintf(buf, static_cast<std::size_t>(n), "%.1f s", s);
  else if (s < 3600)
    std::snprintf(buf, static_cast<std::size_t>(n), "%d min %02d s", static_cast<int>(s / 60), static_cast<int>(s) % 60);
  else
    std::snprintf(buf, static_cast<std::size_t>(n), "%d h %02d min", static_cast<int>(s / 3600), static_cast<int>(s / 60) % 60);
}


bool tab_item(const char* label, const char* tip) {
  const bool open = ImGui::BeginTabItem(label);
  tooltip(tip);  // attached while the tab's label is the last item
  return open;
}

void push_train_button_colors(bool training) {
  if (training) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.99f, 0.90f, 0.78f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.99f, 0.84f, 0.66f, 1.0f));
  } else {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.82f, 0.93f, 0.84f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.72f, 0.89f, 0.75f, 1.0f));
  }
}

namespace {
struct ControlSeen {
  ImVec4 rect;
  int frame;
};
std::map<std::string, ControlSeen, std::less<>>& panel_controls() {
  static std::map<std::string, ControlSeen, std::less<>> m;
  return m;
}
}  // namespace

void remember_panel_rect(std::string_view name, ImVec2 a, ImVec2 b) {
  panel_controls()[std::string(name)] = {ImVec4(a.x, a.y, b.x - a.x, b.y - a.y), ImGui::GetFrameCount()};
}

bool panel_control_rect(std::string_view name, ImVec4* out) {
  if (const Item* item = item_registry().find(name)) {
    *out = item->rect;
    return true;
  }
  const auto it = panel_controls().find(name);
  if (it == panel_controls().end() || ImGui::GetFrameCount() - it->second.frame > 2) return false;
  *out = it->second.rect;
  return true;
}

}  // namespace bpl::ui
