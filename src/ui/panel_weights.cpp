// Weights panel: what the units have learned, live while training.
// Layer 1: one 8x8 tile per unit of the first layer, showing its 64 incoming weights laid out
// like the image (row of W(1) reshaped row-major), red = positive, blue = negative, white = 0,
// with a bias bar under each tile. Deeper layers (or layer 1 as a matrix): the weight matrix as a
// heatmap, rows = receiving units, columns = sending units, and a bias column.
// Hover shows the exact weight with its source and target; a click or tap on a tile pins it,
// large, above the tiles with its numbers (bias, largest |w|, the digit that excites it most,
// how often it is active). Dead ReLU units (never active on the training set: AppState::
// unit_stats) are crossed out and counted, with why. Units are numbered from 1, pixels by
// (row, col) from 1, output units by their digit.
//
// Vertex budget: WebGL cannot draw more than 65,536 vertices per draw list (16-bit indices, no
// VtxOffset in WebGL), so each view lives in its own child window, tiles are paged (128 per page)
// and large matrices are shown in blocks (each block shows its largest-magnitude weight).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

constexpr int kTilesPerPage = 128;
constexpr int kMaxHeatCells = 12000;   // drawn rectangles per heatmap (4 vertices each)
constexpr ImU32 kHoverColour = palette::kHover;
constexpr ImU32 kFocusColour = palette::kHighlight;   // the focused unit

// "pixel (row 3, col 5)", "hidden unit 7", "hidden-2 unit 7", "output digit 3".
std::string unit_name(const Architecture& A, int l, int i) {
  char b[64];
  const int L = A.layers();
  if (l == 0)
    std::snprintf(b, sizeof b, "pixel (row %d, col %d)", i / 8 + 1, i % 8 + 1);
  else if (l == L)
    std::snprintf(b, sizeof b, "output digit %d", i);
  else if (L == 2)
    std::snprintf(b, sizeof b, "hidden unit %d", i + 1);
  else
    std::snprintf(b, sizeof b, "hidden-%d unit %d", l, i + 1);
  return b;
}

std::string layer_name(const Architecture& A, int l) {
  const int L = A.layers();
  if (l == 0) return "pixels";
  if (l == L) return "outputs";
  if (L == 2) return "hidden";
  return "hidden " + std::to_string(l);
}

// A label step from 1, 2, 5, 10, 20, 25, 50, 100, ... that is at least `min_step`.
int nice_step(float min_step) {
  static const int kSteps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000};
  for (int s : kSteps)
    if (s >= min_step) return s;
  return 1000;
}

// 1-based positions to label along an axis of n units: 1, then multiples of `step`, skipping
// any closer than `min_units` to the previous one.
std::vector<int> label_positions(int n, int step, float min_units) {
  std::vector<int> v;
  if (n <= 0) return v;
  v.push_back(1);
  for (int u = step; u <= n; u += step)
    if (static_cast<float>(u - v.back()) >= min_units) v.push_back(u);
  return v;
}

float safe_scale(float m) { return m > 0 && std::isfinite(m) ? m : 1.0f; }

ImU32 colour(float w, float scale) {
  const float v = std::isfinite(w) ? std::clamp(w / scale, -1.0f, 1.0f) : 0.0f;
  return diverging(v);
}

// A horizontal diverging colour bar labelled -m, 0, +m; returns after an ItemSize.
void colour_bar(float m, const char* help) {
  const float F = ImGui::GetFontSize();
  char lo[32], hi[32];
  std::snprintf(lo, sizeof lo, "%+.3g", -m);
  std::snprintf(hi, sizeof hi, "%+.3g", m);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(lo);
  ImGui::SameLine(0, 0.3f * F);
  const float w = 7.0f * F, h = ImGui::GetFrameHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##colourbar", ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int seg = 32;
  const float y0 = p.y + 0.2f * h, y1 = p.y + 0.8f * h;
  for (int k = 0; k < seg; ++k) {
    const float v = -1.0f + 2.0f * (static_cast<float>(k) + 0.5f) / seg;
    dl->AddRectFilled(ImVec2(p.x + w * k / seg, y0), ImVec2(p.x + w * (k + 1) / seg + 0.5f, y1), diverging(v));
  }
  dl->AddRect(ImVec2(p.x, y0), ImVec2(p.x + w, y1), ImGui::GetColorU32(ImGuiCol_Text, 0.4f));
  dl->AddLine(ImVec2(p.x + w * 0.5f, y0 - 0.15f * h), ImVec2(p.x + w * 0.5f, y1 + 0.15f * h), ImGui::GetColorU32(ImGuiCol_Text, 0.7f));
  pinnable_tooltip(help);
  ImGui::SameLine(0, 0.3f * F);
  ImGui::TextUnformatted(hi);
}

class WeightsPanel final : public Panel {
 public:
  const char* name() const override { return "weights"; }
  const char* title() const override { return "Weights: what the units learned"; }
  Slot slot() const override { return {0.24f, 0.53f, 0.40f, 0.47f}; }

  void draw(AppState& app) override {
    F_ = ImGui::GetFontSize();
    const Network<float>& net = app.trainer().net();
    const Architecture& A = net.arch();
    const int L = A.layers();
    follow_focus(app);
    layer_ = std::clamp(layer_, 1, L);
    draw_layer_selector(A);
    const bool tiles = layer_ == 1 && !matrix_view_;
    const auto W = net.W(layer_);
    const auto b = net.b(layer_);
    // Layer statistics, recomputed only when the weights change (a 1024x1024 layer is 1M values).
    if (app.weights_version() != stats_version_ || layer_ != stats_layer_ || W.size() != stats_size_) {
      stats_version_ = app.weights_version();
      stats_layer_ = layer_;
      stats_size_ = W.size();
      wmin_ = W.size() ? W.minCoeff() : 0.0f;
      wmax_ = W.size() ? W.maxCoeff() : 0.0f;
      bmin_ = b.size() ? b.minCoeff() : 0.0f;
      bmax_ = b.size() ? b.maxCoeff() : 0.0f;
    }
    const float wmin_v = wmin_, wmax_v = wmax_;
    layer_scale_ = safe_scale(std::max(std::fabs(wmin_), std::fabs(wmax_)));

    // Second row: scale, tile size, colour bar.
    if (tiles) {
      ImGui::Checkbox("Shared scale", &shared_scale_);
      tooltip("On: one colour scale for every tile (±largest |w| in the layer), so tiles compare. "
              "Off: each tile uses its own largest |w|, which shows the pattern of weak units too.");
      ImGui::SameLine();
      ImGui::Checkbox("Fit", &fit_);
      tooltip("Fit: pick the tile size so the tiles fill the panel. Off: choose it with the slider.");
      if (!fit_) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(5.0f * F_);
        slider_float("##tile size", &cell_fu_, 0.25f, 1.5f, "size %.2f", ImGuiSliderFlags_AlwaysClamp);
        tooltip("Tile size: pixels of one weight square, in font heights.");
      }
      ImGui::SameLine(0, 1.0f * F_);
    }
    char help[320];
    std::snprintf(help, sizeof help,
                  "Colour scale: blue = negative weight, white = 0, red = positive. "
                  "%s\nThis layer: %d x %d weights, min %.4g, max %.4g; biases min %.4g, max %.4g. "
                  "Biases use the same scale (clipped at the ends).",
                  tiles && !shared_scale_ ? "Each tile has its own scale (±its largest |w|): the ends below are the layer's."
                                          : "Ends: ±the largest |w| in this layer.",
                  A.units(layer_), A.units(layer_ - 1), wmin_v, wmax_v, bmin_, bmax_);
    colour_bar(layer_scale_, help);

    if (tiles) {
      const UnitStats& us = app.unit_stats();
      draw_dead_line(us);
      draw_pinned(app, A, W, b, us);
      draw_tiles(app, A, W, b, us);
    } else
      draw_heatmap(app, A, W, b);
  }

 private:
  float F_ = 13;
  int layer_ = 1;
  bool matrix_view_ = false;
  bool shared_scale_ = true;
  bool fit_ = true;
  float cell_fu_ = 0.5f;
  int page_ = 0;
  float layer_scale_ = 1;
  unsigned long long seen_focus_ = 0;   // AppState::focus_version() last acted on
  unsigned long long stats_version_ = 0;
  int stats_layer_ = -1;
  Index stats_size_ = -1;
  float wmin_ = 0, wmax_ = 0, bmin_ = 0, bmax_ = 0;

  // Heatmap cache: blocks of by x bx weights reduced to their largest-magnitude value.
  std::vector<float> agg_, agg_bias_;
  std::vector<int> agg_arg_, agg_bias_arg_;   // flat (row * cols + col) / row of that value
  unsigned long long agg_version_ = 0;
  int agg_layer_ = -1, agg_bx_ = 0, agg_by_ = 0, agg_rows_ = -1, agg_cols_ = -1;

  void draw_layer_selector(const Architecture& A) {
    const int L = A.layers();
    char cur[96];
    auto label = [&](int l, char* buf, std::size_t n) {
      std::snprintf(buf, n, "Layer %d: %s \u2192 %s (%d\u00D7%d)", l, layer_name(A, l - 1).c_str(), layer_name(A, l).c_str(),
                    A.units(l), A.units(l - 1));
    };
    label(layer_, cur, sizeof cur);
    const float radios = layer_ == 1 ? ImGui::CalcTextSize("Tiles Matrix").x + 2 * ImGui::GetFrameHeight() + 3 * F_ : 0.0f;
    const float want = ImGui::CalcTextSize(cur).x + 2 * ImGui::GetStyle().FramePadding.x + ImGui::GetFrameHeight();
    ImGui::SetNextItemWidth(std::max(8 * F_, std::min(want, ImGui::GetContentRegionAvail().x - radios)));
    if (begin_combo("##layer", cur)) {
      for (int l = 1; l <= L; ++l) {
        char buf[96];
        label(l, buf, sizeof buf);
        if (ImGui::Selectable(buf, l == layer_)) layer_ = l;
      }
      ImGui::EndCombo();
    }
    tooltip("Which weight layer to show. Layer l holds W(l): one row per unit of layer l, one column per "
            "unit of layer l-1, so (rows x columns) = (receiving units x sending units).");
    if (layer_ == 1) {
      ImGui::SameLine();
      if (ImGui::RadioButton("Tiles", !matrix_view_)) matrix_view_ = false;
      tooltip("One 8x8 tile per unit: its 64 incoming weights placed where their pixels are. "
              "A tile is the pattern of ink that most excites (red) or inhibits (blue) the unit.");
      ImGui::SameLine();
      if (ImGui::RadioButton("Matrix", matrix_view_)) matrix_view_ = true;
      tooltip("The same weights as a matrix: one row per unit, one column per pixel (row-major order).");
    }
  }

  // ------------------------------------------------------------------ tiles (layer 1)
  // Where tiles go: cell size (one weight square), columns, and the parts of a tile.
  struct TileLayout {
    float cell = 1, tile = 8, bias_h = 1, row_h = 1, sp = 1;
    int cols = 1, rows = 1;
    bool labels = false;   // unit numbers under the tiles (when they are big enough)
  };
  // What the pointer is on: a unit's tile (pixel >= 0) or its bias bar (pixel == -1).
  struct TileHit {
    int unit = -1, pixel = -1;
    ImVec2 origin;
  };

  // Page arrows when the layer has more units than a page; returns the first unit shown.
  int tiles_pager(int n) {
    const int pages = (n + kTilesPerPage - 1) / kTilesPerPage;
    page_ = std::clamp(page_, 0, std::max(0, pages - 1));
    const int first = page_ * kTilesPerPage;
    if (pages > 1) {
      if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) page_ = std::max(0, page_ - 1);
      tooltip("Previous page of units.");
      ImGui::SameLine();
      if (ImGui::ArrowButton("##next", ImGuiDir_Right)) page_ = std::min(pages - 1, page_ + 1);
      tooltip("Next page of units.");
      ImGui::SameLine();
      ImGui::Text("Units %d-%d of %d (page %d/%d)", first + 1, std::min(n, first + kTilesPerPage), n, page_ + 1, pages);
    }
    return page_ * kTilesPerPage;
  }

  // A tile: 8x8 cells, a gap, its bias bar, then (when tiles are big enough) its unit number.
  TileLayout tile_layout_for(float cell, float aw) const {
    TileLayout t;
    t.sp = 0.4f * F_;
    t.cell = cell;
    t.tile = 8 * cell;
    t.bias_h = std::max(0.3f * F_, 0.7f * cell);
    t.labels = t.tile >= 2.6f * F_;
    t.cols = std::max(1, static_cast<int>((aw + t.sp) / (t.tile + t.sp)));
    t.row_h = t.tile + 0.15f * F_ + t.bias_h + (t.labels ? 0.85f * F_ : 0.0f) + t.sp;
    return t;
  }

  // Fit: the largest cell whose tiles fill the area without scrolling; else the slider's size.
  TileLayout tile_layout(int count, float aw, float ah) const {
    float cell = cell_fu_ * F_;
    if (fit_) {
      cell = 0.3f * F_;
      for (float c = 1.1f * F_; c >= 0.3f * F_; c -= 0.05f * F_) {
        const TileLayout t = tile_layout_for(c, aw);
        const int rows = (count + t.cols - 1) / t.cols;
        if (rows * t.row_h <= ah + t.sp && t.cols * (t.tile + t.sp) <= aw + t.sp) {
          cell = c;
          break;
        }
      }
    }
    cell = std::max(std::floor(cell * 2) / 2, 1.0f);  // half-pixel steps keep the squares crisp
    TileLayout t = tile_layout_for(cell, aw);
    t.rows = (count + t.cols - 1) / t.cols;
    return t;
  }

  // "12 of 100 units are dead (crossed out)": ReLU units that never activate on the training set.
  void draw_dead_line(const UnitStats& us) {
    if (us.dead_count == 0) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImVec4(0.55f, 0.35f, 0.05f, 1.0f),
                       "%d of %d units are dead (crossed out): z = w·x + b ≤ 0 on every training "
                       "image, so a = 0, no gradient reaches them and they stopped learning.",
                       us.dead_count, us.units);
    ImGui::PopTextWrapPos();
    name_item("weights:dead");
    tooltip("A ReLU unit outputs max(0, z). Once a large step pushes its bias and weights so that z is "
            "negative for every image, its output and its slope are 0 for all of them: backpropagation "
            "sends it no gradient, and the regularizer slowly shrinks its weights towards 0 (white). "
            "Sigmoid units never die: their slope is never exactly 0.");
  }

  // The focused (tapped) first-layer unit, large, with its numbers; "Unpin" clears the focus.
  template <class WMap, class BMap>
  void draw_pinned(AppState& app, const Architecture& A, const WMap& W, const BMap& b, const UnitStats& us) {
    const Focus& f = app.focus();
    if (f.layer != 1 || f.unit < 0 || f.unit >= A.units(1)) return;
    const int u = f.unit;
    const std::size_t k = static_cast<std::size_t>(u);
    const float row_max = W.row(u).cwiseAbs().maxCoeff();
    const float scale = shared_scale_ ? layer_scale_ : safe_scale(row_max);
    const float cell = std::clamp(0.22f * ImGui::GetContentRegionAvail().y / 8.0f, 0.5f * F_, 1.0f * F_);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 64; ++i) {
      const float x = p.x + (i % 8) * cell, y = p.y + (i / 8) * cell;
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell, y + cell), colour(W(u, i), scale));
    }
    dl->AddRect(p, ImVec2(p.x + 8 * cell, p.y + 8 * cell), kFocusColour, 0, 0, 2.0f);
    ImGui::Dummy(ImVec2(8 * cell, 8 * cell));
    name_item("weights:pinned");
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("%s (pinned)", unit_name(A, 1, u).c_str());
    ImGui::Text("bias %.3f, largest |w| %.3f", b(u), row_max);
    if (k < us.top_digit.size() && us.top_digit[k] >= 0) {
      const int d = us.top_digit[k];
      ImGui::Text("Excited most by: %d (mean z %.2f)", d, us.mean_z[k][static_cast<std::size_t>(d)]);
      tooltip("The digit whose training images give this unit the largest z = w·x + b on average.");
      if (us.dead[k])
        ImGui::TextColored(ImVec4(0.55f, 0.35f, 0.05f, 1.0f), "Dead: never active on the training set");
      else
        ImGui::Text("Active (z > 0) on %.0f%% of training images", 100.0 * us.active_fraction[k]);
    }
    if (ImGui::SmallButton("Unpin")) app.clear_focus_unit();
    name_item("weights:unpin");
    ImGui::EndGroup();
  }

  template <class WMap, class BMap>
  void draw_tile(ImDrawList* dl, const TileLayout& t, const WMap& W, const BMap& b, int u, ImVec2 t0,
                 bool to_outputs) const {
    const ImU32 frame = ImGui::GetColorU32(ImGuiCol_Text, 0.25f);
    const float scale = shared_scale_ ? layer_scale_ : safe_scale(W.row(u).cwiseAbs().maxCoeff());
    dl->AddRectFilled(ImVec2(t0.x - 1, t0.y - 1), ImVec2(t0.x + t.tile + 1, t0.y + t.tile + 1), frame);
    for (int i = 0; i < 64; ++i) {
      const float x = t0.x + (i % 8) * t.cell, y = t0.y + (i / 8) * t.cell;
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + t.cell, y + t.cell), colour(W(u, i), scale));
    }
    const ImVec2 b0(t0.x, t0.y + t.tile + 0.15f * F_), b1(t0.x + t.tile, b0.y + t.bias_h);
    dl->AddRectFilled(ImVec2(b0.x - 1, b0.y - 1), ImVec2(b1.x + 1, b1.y + 1), frame);
    dl->AddRectFilled(b0, b1, colour(b(u), scale));
    if (t.labels) {  // unit number (1-based) or, for the output layer, the digit
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", to_outputs ? u : u + 1);
      const float tw = ImGui::CalcTextSize(buf).x * 0.8f;
      dl->AddText(ImGui::GetFont(), 0.8f * F_, ImVec2(t0.x + (t.tile - tw) * 0.5f, b1.y + 0.05f * F_),
                  ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
    }
  }

  // The tile (or bias bar) of unit u at t0 under point m, if any.
  bool hit_tile(const TileLayout& t, int u, ImVec2 t0, ImVec2 m, TileHit* hit) const {
    if (m.x < t0.x || m.x >= t0.x + t.tile) return false;
    const float bias_y = t0.y + t.tile + 0.15f * F_;
    if (m.y >= t0.y && m.y < t0.y + t.tile) {
      const int px = static_cast<int>((m.y - t0.y) / t.cell) * 8 + static_cast<int>((m.x - t0.x) / t.cell);
      *hit = {u, std::clamp(px, 0, 63), t0};
      return true;
    }
    if (m.y >= bias_y - 1 && m.y < bias_y + t.bias_h + 1) {
      *hit = {u, -1, t0};
      return true;
    }
    return false;
  }

  // A lesson that points at the ring-shaped unit's tile (its control "weights:ring") gets it
  // scrolled into view when the tiles do not all fit.
  void scroll_to_lesson_tile(const AppState& app, const UnitStats& us, const TileLayout& t, int first, int count) const {
    const LessonStep* step = app.lesson_progress().current_step();
    if (!step || step->control != "weights:ring" || us.ring_unit < first || us.ring_unit >= first + count) return;
    const float y = static_cast<float>((us.ring_unit - first) / t.cols) * t.row_h;
    const float top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight();
    if (y < top || y + t.row_h > top + h) ImGui::SetScrollY(std::max(0.0f, y - 0.5f * (h - t.row_h)));
  }

  // A dead unit's tile: a grey cross over it.
  void cross_out(ImDrawList* dl, const TileLayout& t, ImVec2 t0) const {
    const ImU32 c = IM_COL32(120, 90, 40, 200);
    const float th = std::max(1.0f, 0.12f * t.tile);
    dl->AddLine(t0, ImVec2(t0.x + t.tile, t0.y + t.tile), c, th);
    dl->AddLine(ImVec2(t0.x + t.tile, t0.y), ImVec2(t0.x, t0.y + t.tile), c, th);
  }

  void outline_tile(ImDrawList* dl, const TileLayout& t, ImVec2 t0, ImU32 colour, float thickness) const {
    dl->AddRect(ImVec2(t0.x - thickness, t0.y - thickness),
                ImVec2(t0.x + t.tile + thickness, t0.y + t.tile + 0.15f * F_ + t.bias_h + thickness), colour, 0, 0,
                thickness);
  }

  // Shows the page of the focused unit when the focus moves to a first-layer unit.
  void follow_focus(const AppState& app) {
    if (app.focus_version() == seen_focus_) return;
    seen_focus_ = app.focus_version();
    const Focus& f = app.focus();
    if (!f.has_unit()) return;
    layer_ = f.layer;
    if (f.layer == 1) page_ = f.unit / kTilesPerPage;
  }

  // Every first-layer unit as a tile; hover for exact weights, click to focus the unit.
  template <class WMap, class BMap>
  void draw_tiles(AppState& app, const Architecture& A, const WMap& W, const BMap& b, const UnitStats& us) {
    const int n = A.units(1);
    const int first = tiles_pager(n);
    const int count = std::min(kTilesPerPage, n - first);
    ImGui::BeginChild("##tiles", ImVec2(0, 0), false);
    const float aw = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    const TileLayout t = tile_layout(count, aw, ImGui::GetContentRegionAvail().y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool win_hovered = ImGui::IsWindowHovered();
    const Focus& focus = app.focus();
    TileHit hit;
    scroll_to_lesson_tile(app, us, t, first, count);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGuiListClipper clipper;
    clipper.Begin(t.rows, t.row_h);
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        for (int c = 0; c < t.cols && r * t.cols + c < count; ++c) {
          const int u = first + r * t.cols + c;
          const ImVec2 t0(p.x + c * (t.tile + t.sp), p.y);
          draw_tile(dl, t, W, b, u, t0, A.layers() == 1);
          if (u == first) remember_panel_rect("weights:tile", t0, ImVec2(t0.x + t.tile, t0.y + t.tile));
          if (u == us.ring_unit) remember_panel_rect("weights:ring", t0, ImVec2(t0.x + t.tile, t0.y + t.tile));
          if (static_cast<std::size_t>(u) < us.dead.size() && us.dead[static_cast<std::size_t>(u)]) cross_out(dl, t, t0);
          if (focus.layer == 1 && focus.unit == u) outline_tile(dl, t, t0, kFocusColour, 3.0f);
          if (win_hovered) hit_tile(t, u, t0, mouse, &hit);
        }
        ImGui::Dummy(ImVec2(aw, t.row_h));
      }
    }
    clipper.End();
    ImGui::PopStyleVar();
    if (hit.unit >= 0) on_tile_hover(app, A, W, b, t, hit);
    ImGui::EndChild();
  }

  template <class WMap, class BMap>
  void on_tile_hover(AppState& app, const Architecture& A, const WMap& W, const BMap& b, const TileLayout& t,
                     const TileHit& hit) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    outline_tile(dl, t, hit.origin, kHoverColour, 2.0f);
    if (hit.pixel >= 0) {
      const float x = hit.origin.x + (hit.pixel % 8) * t.cell, y = hit.origin.y + (hit.pixel / 8) * t.cell;
      dl->AddRect(ImVec2(x, y), ImVec2(x + t.cell, y + t.cell), IM_COL32_BLACK);
    }
    const bool focused = app.focus().layer == 1 && app.focus().unit == hit.unit;
    if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
      if (focused)
        app.clear_focus_unit();
      else
        app.set_focus_unit(1, hit.unit);
      seen_focus_ = app.focus_version();   // our own click: no page jump
    }
    tile_tooltip(A, W, b, hit.unit, hit.pixel, focused);
  }

  // The hovered weight in one line (the pinned unit is already drawn large above the tiles: a
  // big tooltip would cover it); any other unit also enlarged, with how to pin it.
  template <class WMap, class BMap>
  void tile_tooltip(const Architecture& A, const WMap& W, const BMap& b, int u, int pixel, bool focused) {
    const std::string to = unit_name(A, 1, u);
    ImGui::BeginTooltip();
    if (pixel >= 0)
      ImGui::Text("w = %.4f from %s to %s", W(u, pixel), unit_name(A, 0, pixel).c_str(), to.c_str());
    else
      ImGui::Text("bias b = %.4f of %s", b(u), to.c_str());
    if (focused) {
      ImGui::TextDisabled("The pinned unit (shown large above the tiles). Click or tap again: unpin.");
      ImGui::EndTooltip();
      return;
    }
    const float row_max = W.row(u).cwiseAbs().maxCoeff();
    ImGui::TextDisabled("%s: bias %.4f, largest |w| %.4f", to.c_str(), b(u), row_max);
    // The tile, enlarged, on this tile's own scale.
    const float F = ImGui::GetFontSize();
    const float cell = 1.0f * F;
    const float scale = shared_scale_ ? layer_scale_ : safe_scale(row_max);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 64; ++i) {
      const float x = p.x + (i % 8) * cell, y = p.y + (i / 8) * cell;
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell, y + cell), colour(W(u, i), scale));
    }
    dl->AddRect(p, ImVec2(p.x + 8 * cell, p.y + 8 * cell), ImGui::GetColorU32(ImGuiCol_Text, 0.4f));
    if (pixel >= 0) {
      const float x = p.x + (pixel % 8) * cell, y = p.y + (pixel / 8) * cell;
      dl->AddRect(ImVec2(x - 1, y - 1), ImVec2(x + cell + 1, y + cell + 1), kHoverColour, 0, 0, 2.0f);
    }
    ImGui::Dummy(ImVec2(8 * cell, 8 * cell));
    ImGui::SameLine();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 15 * F);
    ImGui::TextDisabled("Red pixels push this unit on when inked, blue ones push it off. After training, "
                        "tiles often look like strokes or parts of digits.");
    ImGui::PopTextWrapPos();
    ImGui::TextDisabled("Click or tap: pin this unit above the tiles with its numbers.");
    ImGui::EndTooltip();
  }

  // ------------------------------------------------------------------ heatmap (any layer)
  template <class WMap, class BMap>
  void refresh_blocks(unsigned long long version, const WMap& W, const BMap& b, int bx, int by) {
    const int rows = static_cast<int>(W.rows()), cols = static_cast<int>(W.cols());
    if (version == agg_version_ && layer_ == agg_layer_ && bx == agg_bx_ && by == agg_by_ && rows == agg_rows_ &&
        cols == agg_cols_)
      return;
    agg_version_ = version, agg_layer_ = layer_, agg_bx_ = bx, agg_by_ = by, agg_rows_ = rows, agg_cols_ = cols;
    const int dr = (rows + by - 1) / by, dc = (cols + bx - 1) / bx;
    agg_.assign(static_cast<std::size_t>(dr) * dc, 0.0f);
    agg_arg_.assign(agg_.size(), -1);
    agg_bias_.assign(static_cast<std::size_t>(dr), 0.0f);
    agg_bias_arg_.assign(static_cast<std::size_t>(dr), -1);
    for (int c = 0; c < cols; ++c)       // column-major: walk memory in order
      for (int r = 0; r < rows; ++r) {
        const float v = W(r, c);
        const std::size_t k = static_cast<std::size_t>(r / by) * dc + static_cast<std::size_t>(c / bx);
        if (agg_arg_[k] < 0 || std::fabs(v) > std::fabs(agg_[k])) agg_[k] = v, agg_arg_[k] = r * cols + c;
      }
    for (int r = 0; r < rows; ++r) {
      const std::size_t k = static_cast<std::size_t>(r / by);
      if (agg_bias_arg_[k] < 0 || std::fabs(b(r)) > std::fabs(agg_bias_[k])) agg_bias_[k] = b(r), agg_bias_arg_[k] = r;
    }
  }

  // Where the heatmap goes: blocks of by x bx weights per square (dr x dc squares), cell sizes,
  // the grid's left edge and the bias column.
  struct HeatLayout {
    int rows = 0, cols = 0, bx = 1, by = 1, dr = 0, dc = 0;
    float label_w = 0, cw = 1, ch = 1;
    bool blocks = false;
    ImVec2 p;            // top-left of the grid area (row labels start here)
    float gx = 0, bias_x = 0, total_h = 0;
  };

  void heatmap_caption(const Architecture& A, int rows, int cols) const {
    const int l = layer_;
    const bool out = l == A.layers();
    char cap[200];
    std::snprintf(cap, sizeof cap, "Rows: to %s \u00B7 columns: from %s \u00B7 right: biases",
                  out ? "output digits" : layer_name(A, l).c_str(), l == 1 ? "pixels" : layer_name(A, l - 1).c_str());
    ImGui::TextDisabled("%s", cap);
    char help[360];
    std::snprintf(help, sizeof help,
                  "W(%d) has one row per receiving unit (%d) and one column per sending unit (%d)%s. "
                  "Row i, column j is the weight from unit j into unit i. The last column is each "
                  "receiving unit's bias. Hover a cell for its exact value; click a row to focus its unit.",
                  l, rows, cols, l == 1 ? ", pixels in row-major order (row 1 col 1, row 1 col 2, ...)" : "");
    tooltip(help);
  }

  // Cells: as wide as the width allows; as tall as the height allows, between square and
  // max_cell (a 10 x 300 matrix gets wide, readable rows instead of a thin strip). Matrices with
  // more cells than kMaxHeatCells or than the width allows are shown in blocks.
  HeatLayout heat_layout(int rows, int cols) const {
    HeatLayout h;
    h.rows = rows;
    h.cols = cols;
    const float aw = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    h.label_w = ImGui::CalcTextSize("0000").x + 0.4f * F_;
    const float min_cell = std::max(0.25f * F_, 3.0f), max_cell = 1.4f * F_;
    const float grid_w = std::max(aw - h.label_w, 4 * F_);
    const int max_cols = std::max(1, static_cast<int>(grid_w / min_cell) - 2);
    h.bx = (cols + max_cols - 1) / max_cols;
    h.dc = (cols + h.bx - 1) / h.bx;
    const int max_rows = std::max(1, kMaxHeatCells / h.dc);
    h.by = (rows + max_rows - 1) / max_rows;
    h.dr = (rows + h.by - 1) / h.by;
    h.blocks = h.bx > 1 || h.by > 1;
    const float top_h = (F_ + ImGui::GetStyle().ItemSpacing.y) * (h.blocks ? 2.0f : 1.0f);  // block note + column labels
    h.cw = std::floor(std::clamp(grid_w / (static_cast<float>(h.dc) + 1.5f), min_cell, max_cell) * 2) / 2;
    const float fit_h = (ImGui::GetContentRegionAvail().y - top_h) / static_cast<float>(h.dr);
    h.ch = std::floor(std::clamp(fit_h, h.cw, std::max(h.cw, max_cell)) * 2) / 2;
    return h;
  }

  // Column labels: sending units (1-based), centred on their cell; "b" over the biases.
  void heat_column_labels(const HeatLayout& h) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImVec2 q = ImGui::GetCursorScreenPos();
    const float gx = q.x + h.label_w;
    const float units_per_label = 2.6f * F_ / h.cw * static_cast<float>(h.bx);
    for (int v : label_positions(h.cols, nice_step(units_per_label), units_per_label * 0.8f)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", v);
      const float cx = gx + (static_cast<float>(v - 1) / h.bx + 0.5f) * h.cw;
      const float tw = ImGui::CalcTextSize(buf).x;
      if (cx + tw * 0.5f > gx + h.dc * h.cw + 0.3f * h.cw && v != 1) continue;  // keep clear of the "b"
      dl->AddText(ImVec2(std::max(cx - tw * 0.5f, gx - 0.3f * F_), q.y), text, buf);
    }
    dl->AddText(ImVec2(gx + h.dc * h.cw + 0.5f * h.cw + (h.cw - ImGui::CalcTextSize("b").x) * 0.5f, q.y), text, "b");
    ImGui::Dummy(ImVec2(1, F_));
  }

  // The squares (visible rows only) and the bias column.
  void heat_cells(const HeatLayout& h) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 clip0 = dl->GetClipRectMin(), clip1 = dl->GetClipRectMax();
    const int r_first = std::clamp(static_cast<int>((clip0.y - h.p.y) / h.ch) - 1, 0, h.dr);
    const int r_last = std::clamp(static_cast<int>((clip1.y - h.p.y) / h.ch) + 1, 0, h.dr);
    const ImU32 frame = ImGui::GetColorU32(ImGuiCol_Text, 0.25f);
    dl->AddRectFilled(ImVec2(h.gx - 1, h.p.y - 1), ImVec2(h.gx + h.dc * h.cw + 1, h.p.y + h.total_h + 1), frame);
    dl->AddRectFilled(ImVec2(h.bias_x - 1, h.p.y - 1), ImVec2(h.bias_x + h.cw + 1, h.p.y + h.total_h + 1), frame);
    for (int r = r_first; r < r_last; ++r) {
      const float y = h.p.y + r * h.ch;
      for (int c = 0; c < h.dc; ++c) {
        const float x = h.gx + c * h.cw;
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + h.cw, y + h.ch),
                          colour(agg_[static_cast<std::size_t>(r) * h.dc + static_cast<std::size_t>(c)], layer_scale_));
      }
      dl->AddRectFilled(ImVec2(h.bias_x, y), ImVec2(h.bias_x + h.cw, y + h.ch),
                        colour(agg_bias_[static_cast<std::size_t>(r)], layer_scale_));
    }
  }

  // Row labels: receiving units (1-based; the digit for the output layer) where they fit.
  void heat_row_labels(const HeatLayout& h, bool out) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImVec2 clip0 = dl->GetClipRectMin(), clip1 = dl->GetClipRectMax();
    const float units_per_label = 1.15f * F_ / h.ch * static_cast<float>(h.by);
    for (int v : label_positions(h.rows, nice_step(units_per_label), units_per_label * 0.9f)) {
      const float y = h.p.y + (static_cast<float>(v - 1) / h.by + 0.5f) * h.ch;
      if (y < clip0.y - F_ || y > clip1.y + F_) continue;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", out ? v - 1 : v);
      const ImVec2 ts = ImGui::CalcTextSize(buf);
      dl->AddText(ImVec2(h.gx - 0.3f * F_ - ts.x, y - ts.y * 0.5f), text, buf);
    }
  }

  // The focused unit's row, when it is a unit of this layer.
  void heat_focus_row(const HeatLayout& h, const Focus& f) const {
    if (f.layer != layer_ || f.unit < 0 || f.unit >= h.rows) return;
    const float y = h.p.y + static_cast<float>(f.unit / h.by) * h.ch;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(h.gx - 2, y - 2), ImVec2(h.bias_x + h.cw + 2, y + h.ch + 2),
                                        kFocusColour, 0, 0, 3.0f);
  }

  // "hidden unit 3" for one unit, "hidden units 1-8" for a block.
  std::string unit_range(const Architecture& A, int layer, int first, int count, int total) const {
    const int last = std::min(total, first + count) - 1;
    if (first == last) return unit_name(A, layer, first);
    char buf[64];
    const bool pixels = layer == 0, digits = layer == A.layers();
    std::snprintf(buf, sizeof buf, "%s %d-%d",
                  pixels ? "pixels" : digits ? "digits" : (layer_name(A, layer) + " units").c_str(),
                  digits ? first : first + 1, digits ? last : last + 1);
    return buf;
  }

  // Hover: the square's exact weight (or a block's largest); click: focus the row's unit.
  template <class WMap, class BMap>
  void heat_hover(AppState& app, const Architecture& A, const WMap& W, const BMap& b, const HeatLayout& h,
                  bool clicked) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int r = static_cast<int>((m.y - h.p.y) / h.ch);
    int c = -1;
    bool bias = false;
    if (m.x >= h.gx && m.x < h.gx + h.dc * h.cw)
      c = std::min(h.dc - 1, static_cast<int>((m.x - h.gx) / h.cw));
    else if (m.x >= h.bias_x && m.x < h.bias_x + h.cw)
      bias = true;
    if (r < 0 || r >= h.dr || (c < 0 && !bias)) return;
    const int l = layer_;
    const float x = bias ? h.bias_x : h.gx + c * h.cw, y = h.p.y + r * h.ch;
    ImGui::GetWindowDrawList()->AddRect(ImVec2(x - 1, y - 1), ImVec2(x + h.cw + 1, y + h.ch + 1), kHoverColour, 0, 0, 2.0f);
    const int row = bias ? agg_bias_arg_[static_cast<std::size_t>(r)]
                         : agg_arg_[static_cast<std::size_t>(r) * h.dc + static_cast<std::size_t>(c)] / h.cols;
    if (clicked) app.set_focus_unit(l, row);
    ImGui::BeginTooltip();
    if (bias) {
      if (h.by > 1) ImGui::TextDisabled("Biases of %s; the largest:", unit_range(A, l, r * h.by, h.by, h.rows).c_str());
      ImGui::Text("bias b = %.4f of %s", b(row), unit_name(A, l, row).c_str());
    } else {
      const int col = agg_arg_[static_cast<std::size_t>(r) * h.dc + static_cast<std::size_t>(c)] % h.cols;
      if (h.blocks)
        ImGui::TextDisabled("Block from %s to %s; its largest |w|:", unit_range(A, l - 1, c * h.bx, h.bx, h.cols).c_str(),
                            unit_range(A, l, r * h.by, h.by, h.rows).c_str());
      ImGui::Text("w = %.4f from %s to %s", W(row, col), unit_name(A, l - 1, col).c_str(), unit_name(A, l, row).c_str());
    }
    ImGui::TextDisabled("Click: focus %s.", unit_name(A, l, row).c_str());
    ImGui::EndTooltip();
  }

  // Any layer as a matrix: rows = receiving units, columns = sending units, then the biases.
  template <class WMap, class BMap>
  void draw_heatmap(AppState& app, const Architecture& A, const WMap& W, const BMap& b) {
    const int rows = static_cast<int>(W.rows()), cols = static_cast<int>(W.cols());
    heatmap_caption(A, rows, cols);
    ImGui::BeginChild("##heat", ImVec2(0, 0), false);
    HeatLayout h = heat_layout(rows, cols);
    refresh_blocks(app.weights_version(), W, b, h.bx, h.by);
    if (h.blocks) {
      ImGui::TextDisabled("Blocks of %d\u00D7%d weights: each shows its largest |w|.", h.by, h.bx);
      tooltip("The matrix has more cells than the panel has room for, so each square stands for a block "
              "of weights and shows the one with the largest magnitude. Hover for which weight it is.");
    }
    heat_column_labels(h);
    h.p = ImGui::GetCursorScreenPos();
    h.gx = h.p.x + h.label_w;
    h.bias_x = h.gx + h.dc * h.cw + 0.5f * h.cw;
    h.total_h = h.dr * h.ch;
    heat_cells(h);
    heat_row_labels(h, layer_ == A.layers());
    heat_focus_row(h, app.focus());
    const bool clicked =
        ImGui::InvisibleButton("##heatgrid", ImVec2(std::max(h.bias_x + h.cw - h.p.x, 1.0f), std::max(h.total_h, 1.0f)));
    if (ImGui::IsItemHovered()) heat_hover(app, A, W, b, h, clicked);
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<Panel> make_weights_panel() { return std::make_unique<WeightsPanel>(); }

}  // namespace bpl::ui
