// Decision map panel: every digit on the plane of the first two principal axes, coloured by
// its true label; behind them, the live network's answer for every point of that plane (mapped
// back to 64 pixels), shaded by its confidence. Misclassified test images are drawn larger with
// a dark ring; the current input (e.g. the sketch) is a crosshair. Hover a point for its image
// and the network's answer; click or tap it to pin that (shown below the map until unpinned).
// The app computes everything (src/app/decision_map.*); this panel only draws.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app_state.hpp"
#include "core/clock.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

constexpr ImU32 kInk = IM_COL32(20, 20, 20, 255);
constexpr ImU32 kMarker = IM_COL32(0, 0, 0, 255);

int argmax(const VecF& p) {
  int best = 0;
  for (int k = 1; k < p.size(); ++k)
    if (p[k] > p[best]) best = k;
  return best;
}

struct Frame {   // the plot rectangle and the plane it shows
  ImVec2 p0, p1;
  double u0, u1, v0, v1;
  ImVec2 at(double u, double v) const {
    return ImVec2(p0.x + static_cast<float>((u - u0) / (u1 - u0)) * (p1.x - p0.x),
                  p1.y - static_cast<float>((v - v0) / (v1 - v0)) * (p1.y - p0.y));
  }
};

class MapPanel final : public Panel {
 public:
  const char* name() const override { return "map"; }
  const char* title() const override { return "Decision map"; }
  Slot slot() const override { return {0.4f, 0.5f, 0.3f, 0.5f}; }
  bool default_open() const override { return false; }

  void draw(AppState& app) override {
    DecisionMap& map = app.experiments().map;
    map.request(now_ms());
    if (Status s = map.prepare(app.data()); !s.ok()) {
      ImGui::TextWrapped("No map: %s", s.message().c_str());
      return;
    }
    draw_header(map);
    const float font = ImGui::GetFontSize();
    // The pinned image's details go beside the map when there is room, else below it; the room
    // is always reserved, so pinning never moves the dots.
    const float info_w = font * 16.0f, info_h = font * 5.2f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool beside = avail.x - info_w > avail.y;
    const float side = std::max(font * 6.0f, beside ? std::min(avail.x - info_w, avail.y) : std::min(avail.x, avail.y - info_h));
    const Frame f{ImGui::GetCursorScreenPos(),
                  ImVec2(ImGui::GetCursorScreenPos().x + side, ImGui::GetCursorScreenPos().y + side),
                  map.u_min(), map.u_max(), map.v_min(), map.v_max()};
    ImGui::InvisibleButton("##map", ImVec2(side, side));
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(f.p0, f.p1, true);
    draw_background(dl, map, f);
    draw_points(dl, app, map, f);
    draw_input_marker(dl, app, map, f);
    const int hover = hovered ? point_under(map, f, ImGui::GetIO().MousePos) : -1;
    if (hover >= 0) highlight(dl, map, f, hover, ImGui::GetColorU32(ImGuiCol_ButtonActive));
    if (pinned_ >= 0) highlight(dl, map, f, pinned_, kMarker);
    dl->PopClipRect();
    dl->AddRect(f.p0, f.p1, ImGui::GetColorU32(ImGuiCol_Border));
    if (clicked) pinned_ = hover;   // a click (or tap) on empty space unpins
    if (hover >= 0) {
      ImGui::BeginTooltip();
      draw_point_info(app, map, hover, false);
      ImGui::EndTooltip();
    }
    DecisionMap::View& v = map.view();
    v = {f.p0.x, f.p0.y, side, side, hover, pinned_, shared_frame()};
    if (beside) ImGui::SameLine();
    ImGui::BeginGroup();
    draw_pinned(app, map);
    ImGui::EndGroup();
  }

 private:
  static unsigned long long shared_frame() { return static_cast<unsigned long long>(ImGui::GetFrameCount()); }

  void draw_header(const DecisionMap& map) {
    const Pca& p = map.pca();
    ImGui::Text("PCA plane: PC1 %.1f%% + PC2 %.1f%% of the pixel variance", 100.0 * p.explained_variance_ratio[0],
                100.0 * p.explained_variance_ratio[1]);
    ImGui::SameLine();
    help_marker("Each dot is one of the 1,797 digits, placed by its two principal components (the two directions "
                "in which the images vary most) and coloured by its true digit. The background is what the "
                "network answers for the image at that spot of the plane (mean image + u\u00B7PC1 + v\u00B7PC2): "
                "its colour is the digit, paler where the network is less sure. Large dots with a dark ring are "
                "test images the network gets wrong; the crosshair is the current input. Hover a dot, or click/tap "
                "it to pin it.");
    for (int d = 0; d < kClasses; ++d) {   // legend
      if (d > 0) ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
      const ImVec2 q = ImGui::GetCursorScreenPos();
      const float r = ImGui::GetFontSize() * 0.32f;
      ImGui::Dummy(ImVec2(r * 2.2f, ImGui::GetTextLineHeight()));
      ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(q.x + r, q.y + ImGui::GetTextLineHeight() * 0.5f), r,
                                                  class_color(d), 12);
      ImGui::SameLine(0, 2);
      ImGui::Text("%d", d);
    }
    if (!map.has_grid()) {
      ImGui::SameLine();
      ImGui::TextDisabled("  computing the background...");
    }
  }

  static void draw_background(ImDrawList* dl, const DecisionMap& map, const Frame& f) {
    if (!map.has_grid()) return;
    const int G = DecisionMap::kGrid;
    const std::vector<std::uint8_t>& cls = map.grid_class();
    const std::vector<float>& conf = map.grid_confidence();
    // Whole-pixel cell edges shared by neighbours: no gaps, no overlaps (no seams).
    auto edge_x = [&](int i) { return std::round(f.p0.x + (f.p1.x - f.p0.x) * i / G); };
    auto edge_y = [&](int j) { return std::round(f.p1.y - (f.p1.y - f.p0.y) * j / G); };   // row j counts upwards
    for (int j = 0; j < G; ++j) {
      for (int i = 0; i < G; ++i) {
        const std::size_t c = static_cast<std::size_t>(j * G + i);
        // confidence 0.1 (a guess among 10) .. 1  ->  alpha 0.08 .. 0.55
        const float t = std::clamp((conf[c] - 0.1f) / 0.9f, 0.0f, 1.0f);
        dl->AddRectFilled(ImVec2(edge_x(i), edge_y(j + 1)), ImVec2(edge_x(i + 1), edge_y(j)),
                          class_color(cls[c], 0.08f + 0.47f * t));
      }
    }
  }

  static void draw_points(ImDrawList* dl, const AppState& app, const DecisionMap& map, const Frame& f) {
    const float r = std::max(1.5f, ImGui::GetFontSize() * 0.16f);
    const MatD& P = map.points();
    const std::vector<int>& y = app.data().y;
    const std::vector<int>& test_pred = map.test_prediction();
    for (Index i = 0; i < P.cols(); ++i)
      dl->AddCircleFilled(f.at(P(0, i), P(1, i)), r, class_color(y[static_cast<std::size_t>(i)], 0.85f), 6);
    // Misclassified test images on top: larger, with a dark ring.
    for (Index i = 0; i < P.cols(); ++i) {
      const int pred = test_pred.empty() ? -1 : test_pred[static_cast<std::size_t>(i)];
      if (pred < 0 || pred == y[static_cast<std::size_t>(i)]) continue;
      const ImVec2 c = f.at(P(0, i), P(1, i));
      dl->AddCircleFilled(c, r * 2.2f, class_color(y[static_cast<std::size_t>(i)]), 12);
      dl->AddCircle(c, r * 2.2f, kInk, 12, std::max(1.5f, r * 0.7f));
    }
  }

  static void draw_input_marker(ImDrawList* dl, const AppState& app, const DecisionMap& map, const Frame& f) {
    if (!app.has_input()) return;
    double u = 0, v = 0;
    map.project_raw(app.input_pixels(), &u, &v);
    const ImVec2 c = f.at(u, v);
    const float s = ImGui::GetFontSize() * 0.7f, w = std::max(2.0f, ImGui::GetFontSize() * 0.15f);
    dl->AddCircle(c, s, IM_COL32_WHITE, 20, w + 2.0f);
    dl->AddCircle(c, s, kMarker, 20, w);
    dl->AddLine(ImVec2(c.x - 1.6f * s, c.y), ImVec2(c.x + 1.6f * s, c.y), kMarker, w);
    dl->AddLine(ImVec2(c.x, c.y - 1.6f * s), ImVec2(c.x, c.y + 1.6f * s), kMarker, w);
    const char* tag = app.input_source() == InputSource::Sketch ? "sketch" : "input";
    dl->AddText(ImVec2(c.x + s + 2.0f, c.y - s - ImGui::GetFontSize()), kMarker, tag);
  }

  static void highlight(ImDrawList* dl, const DecisionMap& map, const Frame& f, int i, ImU32 colour) {
    const ImVec2 c = f.at(map.points()(0, i), map.points()(1, i));
    dl->AddCircle(c, ImGui::GetFontSize() * 0.55f, colour, 16, std::max(2.0f, ImGui::GetFontSize() * 0.14f));
  }

  // The point nearest the mouse within half a font height, or -1.
  static int point_under(const DecisionMap& map, const Frame& f, ImVec2 m) {
    const float reach = ImGui::GetFontSize() * 0.5f;
    float best = reach * reach;
    int found = -1;
    const MatD& P = map.points();
    for (Index i = 0; i < P.cols(); ++i) {
      const ImVec2 c = f.at(P(0, i), P(1, i));
      const float d = (c.x - m.x) * (c.x - m.x) + (c.y - m.y) * (c.y - m.y);
      if (d < best) {
        best = d;
        found = static_cast<int>(i);
      }
    }
    return found;
  }

  // Image, true label, the network's answer (and where the image belongs).
  void draw_point_info(AppState& app, DecisionMap& map, int i, bool buttons) {
    const float font = ImGui::GetFontSize();
    const float cell = std::round(font * 0.45f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(cell * 8.0f, cell * 8.0f));
    draw_digit(ImGui::GetWindowDrawList(), p, cell, app.data().X.col(i).data());
    ImGui::SameLine();
    ImGui::BeginGroup();
    const int label = app.data().y[static_cast<std::size_t>(i)];
    const VecF& probs = map.image_probabilities(app.trainer(), app.weights_version(), i);
    ImGui::Text("image #%d, true digit %d", i, label);
    if (probs.size() == kClasses) {
      const int pred = argmax(probs);
      ImGui::Text("network: %d (p = %.3f)", pred, probs[pred]);
      ImGui::SameLine();
      if (pred == label)
        ImGui::TextColored(ImVec4(0.1f, 0.55f, 0.25f, 1), "\u2713 right");
      else
        ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "\u2717 wrong");
    }
    const int tp = map.test_prediction().empty() ? -1 : map.test_prediction()[static_cast<std::size_t>(i)];
    ImGui::TextDisabled(tp >= 0 ? "a test image (never trained on)" : "a training or validation image");
    if (buttons) {
      if (ImGui::SmallButton("Make it the current input")) app.set_focus_example(i);
      ImGui::SameLine();
      if (ImGui::SmallButton("Unpin")) pinned_ = -1;
    }
    ImGui::EndGroup();
  }

  void draw_pinned(AppState& app, DecisionMap& map) {
    if (pinned_ < 0 || pinned_ >= app.data().size()) {
      pinned_ = -1;
      ImGui::TextDisabled("Hover a dot for its image; click or tap it to pin it here.");
      return;
    }
    draw_point_info(app, map, pinned_, true);
  }

  int pinned_ = -1;
};

}  // namespace

std::unique_ptr<Panel> make_map_panel() { return std::make_unique<MapPanel>(); }

}  // namespace bpl::ui
