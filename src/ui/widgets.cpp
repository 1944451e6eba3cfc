// The shared look: small helpers every panel uses (declared in panel.hpp).
#include <algorithm>
#include <map>
#include <string>
#include <cmath>
#include <cstdio>

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

void wrapped_tooltip(const char* text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

void help_marker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (text && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) wrapped_tooltip(text);
}

void tooltip(const char* text) {
  if (text && *text && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) wrapped_tooltip(text);
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

bool digit_combo(const char* id, int* digit, const char* all_label, const char* one_fmt) {
  char preview[48];
  if (*digit < 0)
    std::snprintf(preview, sizeof preview, "%s", all_label);
  else
    std::snprintf(preview, sizeof preview, one_fmt, *digit);
  const int before = *digit;
  if (ImGui::BeginCombo(id, preview)) {
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

void remember_panel_control(std::string_view name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  panel_controls()[std::string(name)] = {ImVec4(a.x, a.y, b.x - a.x, b.y - a.y), ImGui::GetFrameCount()};
}

bool panel_control_rect(std::string_view name, ImVec4* out) {
  const auto it = panel_controls().find(name);
  if (it == panel_controls().end() || ImGui::GetFrameCount() - it->second.frame > 2) return false;
  *out = it->second.rect;
  return true;
}

}  // namespace bpl::ui
