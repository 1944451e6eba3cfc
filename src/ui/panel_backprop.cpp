// Backprop panel: one example through the live network, step by step (the state and the maths
// live in src/app/backprop_stepper.* and src/nn/trace.*; this file only draws and sends intents).
//   - the example: the current input (a click in Data or Mistakes, the sketch) or a random
//     training image; its picture, label and the network's answer
//   - Back / Next / Play / Reset and the <- / -> keys (panel focused or hovered)
//   - per step: its formula once, then the numbers: vectors as colour strips with their values,
//     matrices as heatmaps, the part this step computes framed in the highlight colour
//   - click or tap a value to pin how it was computed (hover previews the same)
//   - a node-link diagram of the network (the 10 most active units of layers wider than 32)
//   - "weights changed: re-run" when training moved the weights; "Apply this update"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "core/order.hpp"
#include "ui/app_ui.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

constexpr int kMaxStripCells = 256;     // longer vectors: the first 256 are drawn (the API has all)
constexpr int kMaxHeatRows = 64, kMaxHeatCols = 128;
constexpr int kDiagramAll = 32;         // layers up to this wide are drawn whole in the diagram
constexpr int kDiagramTop = 10;         // wider layers: their 10 most active units

const ImU32 kDimFrame = IM_COL32(200, 204, 210, 255);

// ------------------------------------------------------------------ small helpers

std::string L(const char* base, int layer) { return base + sup_paren(layer); }

// A power of ten that makes the largest |value| read well with two decimals (1 if none needed).
int display_exponent(double maxabs) {
  if (!(maxabs > 0) || !std::isfinite(maxabs) || maxabs >= 0.1) return 0;
  int e = static_cast<int>(std::floor(std::log10(maxabs)));
  if (maxabs * std::pow(10.0, -e) >= 9.995) ++e;   // 0.009999 shows as 1.00 x 10^-2, not 10.00 x 10^-3
  return e;
}

std::string exponent_label(int e) {
  if (e == 0) return "";
  std::string s = "  (values \u00D7 10";
  static const char* const kSup[] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                     "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
  s += e < 0 ? "\u207B" : "";
  for (char c : std::to_string(std::abs(e))) s += kSup[c - '0'];
  return s + ")";
}

ImU32 text_on(ImU32 bg) {
  const int r = bg & 0xFF, g = (bg >> 8) & 0xFF, b = (bg >> 16) & 0xFF;
  return (r * 299 + g * 587 + b * 114) / 1000 < 130 ? IM_COL32_WHITE : IM_COL32_BLACK;
}

// What a pick on a strip/heatmap cell means.
struct Pick {
  bool hovered = false, clicked = false;
  int i = -1, j = -1;
};

// ------------------------------------------------------------------ value strip

struct StripStyle {
  int per_row = 0;             // 0: as many as fit
  bool highlight = false;      // the values this step computes
  const int* index_base = nullptr;
};

// The indices 0..n-1 centred over cells of width w.
void index_row(int n, float w) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (int k = 0; k < n; ++k) {
    const std::string t = std::to_string(k);
    dl->AddText(ImVec2(p.x + k * w + (w - ImGui::CalcTextSize(t.c_str()).x) * 0.5f, p.y), col, t.c_str());
  }
  ImGui::Dummy(ImVec2(n * w, ImGui::GetFontSize()));
}

// Values as coloured cells with their numbers, wrapping to the available width.
Pick value_strip(const char* id, const std::string& label, const VecD& v, const StripStyle& st, int pinned) {
  Pick pick;
  const float font = ImGui::GetFontSize();
  const double maxabs = v.size() ? v.cwiseAbs().maxCoeff() : 0.0;
  const int e = display_exponent(maxabs);
  const double mult = std::pow(10.0, -e);
  const int n = static_cast<int>(std::min<Index>(v.size(), kMaxStripCells));
  std::string head = label + exponent_label(e);
  if (n < v.size()) head += "  (first " + std::to_string(n) + " of " + std::to_string(v.size()) + ")";
  if (st.highlight) ImGui::PushStyleColor(ImGuiCol_Text, highlight_colour_text());
  ImGui::TextUnformatted(head.c_str());
  if (st.highlight) ImGui::PopStyleColor();
  const ImVec2 cell(ImGui::CalcTextSize("-0.00").x + 0.3f * font, font * 1.3f);
  const float avail = std::max(cell.x, ImGui::GetContentRegionAvail().x);
  int per_row = std::max(1, static_cast<int>(avail / cell.x));
  if (st.per_row > 0) per_row = std::min(per_row, st.per_row);
  const int rows = (n + per_row - 1) / per_row;
  if (n <= 16 && rows == 1) index_row(n, cell.x);   // short vectors (e.g. the 10 digits): number the cells
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(per_row * cell.x, std::max(1, rows) * cell.y));
  if (st.highlight) name_item("backprop:values");   // the computed values (window.lab)
  pick.hovered = ImGui::IsItemHovered();
  pick.clicked = ImGui::IsItemClicked();
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (pick.hovered || pick.clicked) {
    const int c = static_cast<int>((m.x - p.x) / cell.x), r = static_cast<int>((m.y - p.y) / cell.y);
    const int k = r * per_row + c;
    if (c >= 0 && c < per_row && k >= 0 && k < n) pick.i = k;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char txt[24];
  for (int k = 0; k < n; ++k) {
    const ImVec2 a(p.x + (k % per_row) * cell.x, p.y + (k / per_row) * cell.y);
    const ImVec2 b(a.x + cell.x - 1, a.y + cell.y - 1);
    const ImU32 bg = diverging(maxabs > 0 ? static_cast<float>(v[k] / maxabs) : 0.0f);
    dl->AddRectFilled(a, b, bg);
    std::snprintf(txt, sizeof txt, "%.2f", v[k] * mult);
    const ImVec2 ts = ImGui::CalcTextSize(txt);
    dl->AddText(ImVec2(a.x + (cell.x - ts.x) * 0.5f, a.y + (cell.y - ts.y) * 0.5f), text_on(bg), txt);
    if (k == pinned || k == pick.i) dl->AddRect(a, b, IM_COL32(0, 0, 0, 255), 0, 0, 2.0f);
  }
  if (n > 0)
    dl->AddRect(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + per_row * cell.x + 1, p.y + rows * cell.y + 1),
                st.highlight ? highlight_colour() : kDimFrame, 0, 0, st.highlight ? 2.5f : 1.0f);
  return pick;
}

// ------------------------------------------------------------------ heatmap

// A matrix M (+ plus, when given: drawn as their sum) as a grid of coloured cells; no numbers:
// click a cell for its value and its maths. Only the drawn corner is read (no copy per frame).
Pick heatmap(const char* id, const std::string& label, const Eigen::Ref<const MatD>& M, const MatD* plus,
             bool highlight, float max_h, int pin_i, int pin_j) {
  Pick pick;
  const int rows = static_cast<int>(std::min<Index>(M.rows(), kMaxHeatRows));
  const int cols = static_cast<int>(std::min<Index>(M.cols(), kMaxHeatCols));
  std::string head = label + "  (" + std::to_string(M.rows()) + "\u00D7" + std::to_string(M.cols()) + ")";
  if (rows < M.rows() || cols < M.cols())
    head += ", the first " + std::to_string(rows) + "\u00D7" + std::to_string(cols) + " drawn";
  if (highlight) ImGui::PushStyleColor(ImGuiCol_Text, highlight_colour_text());
  ImGui::TextUnformatted(head.c_str());
  if (highlight) ImGui::PopStyleColor();
  if (rows == 0 || cols == 0) return pick;
  const float avail = ImGui::GetContentRegionAvail().x - 4;
  float c = std::floor(std::min({avail / cols, max_h / rows, ImGui::GetFontSize()}));
  c = std::max(c, 2.0f);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(cols * c, rows * c));
  pick.hovered = ImGui::IsItemHovered();
  pick.clicked = ImGui::IsItemClicked();
  const ImVec2 m = ImGui::GetIO().MousePos;
  if (pick.hovered || pick.clicked) {
    const int j = static_cast<int>((m.x - p.x) / c), i = static_cast<int>((m.y - p.y) / c);
    if (i >= 0 && i < rows && j >= 0 && j < cols) pick.i = i, pick.j = j;
  }
  MatD C = M.topLeftCorner(rows, cols);
  if (plus) C += plus->topLeftCorner(rows, cols);
  const double maxabs = C.cwiseAbs().maxCoeff();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) {
      const ImVec2 a(p.x + j * c, p.y + i * c);
      dl->AddRectFilled(a, ImVec2(a.x + c, a.y + c), diverging(maxabs > 0 ? float(C(i, j) / maxabs) : 0.f));
    }
  auto mark = [&](int i, int j) {
    if (i >= 0 && i < rows && j >= 0 && j < cols)
      dl->AddRect(ImVec2(p.x + j * c - 1, p.y + i * c - 1), ImVec2(p.x + (j + 1) * c + 1, p.y + (i + 1) * c + 1),
                  IM_COL32(0, 0, 0, 255), 0, 0, 2.0f);
  };
  mark(pin_i, pin_j);
  mark(pick.i, pick.j);
  dl->AddRect(ImVec2(p.x - 2, p.y - 2), ImVec2(p.x + cols * c + 1, p.y + rows * c + 1),
              highlight ? highlight_colour() : kDimFrame, 0, 0, highlight ? 2.5f : 1.0f);
  return pick;
}

// ------------------------------------------------------------------ the panel

class BackpropPanel final : public Panel {
  bool reduced_motion_ = false;   // set each frame from the app's view (prefers-reduced-motion)
 public:
  const char* name() const override { return "backprop"; }
  const char* title() const override { return "Backprop: one example, step by step"; }
  Slot slot() const override { return {0.0f, 0.0f, 1.0f, 1.0f}; }
  bool default_open() const override { return false; }
  bool prefers_tall() const override { return true; }   // read top to bottom: a full-height column

  void draw(AppState& app) override {
    BackpropStepper& bp = app.backprop();
    bp.sync(app);
    if (!bp.has_trace() && bp.source() == BackpropStepper::Source::None)
      static_cast<void>(bp.open_instructive(app));   // a misread image; failures: bp.error(), shown below
    keyboard(bp);
    reduced_motion_ = app.view().reduced_motion;   // the system asks for less motion: no autoplay
    if (reduced_motion_ && bp.playing()) bp.set_playing(false);
    bp.tick(ImGui::GetIO().DeltaTime);
    draw_example(app, bp);
    draw_stale_banner(app, bp);
    draw_controls(bp);
    if (!bp.has_trace()) {
      ImGui::TextWrapped("%s", bp.error().empty() ? "Pick an example." : bp.error().c_str());
      return;
    }
    draw_body(app, bp);
  }

 private:
  ValueRef hover_;
  bool has_hover_ = false;

  // <- / -> while the panel (or a child of it) is focused or hovered.
  void keyboard(BackpropStepper& bp) {
    if (ImGui::GetIO().WantTextInput) return;
    const bool here = ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) ||
                      ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows);
    const bool right = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow));
    const bool left = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow));
    if (!here || !(right || left)) return;
    if (!claim_arrow_keys()) return;   // the keyboard focus is showing: the arrows move it instead
    if (right) bp.next();
    if (left) bp.back();
  }

  // The example's picture, label, the network's answer, and the ways to pick another.
  void draw_example(AppState& app, BackpropStepper& bp) {
    const float font = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float cell = std::floor(font * 0.3f);
    draw_digit(ImGui::GetWindowDrawList(), p, cell, bp.pixels().data());
    ImGui::Dummy(ImVec2(8 * cell, 8 * cell));
    ImGui::SameLine();
    ImGui::BeginGroup();
    if (bp.source() == BackpropStepper::Source::Dataset)
      ImGui::Text("Image #%d, label %d", bp.index(), bp.label());
    else if (bp.source() == BackpropStepper::Source::Sketch)
      sketch_label(app, bp);
    if (bp.has_trace()) {
      const VecD& out = bp.trace().layer(bp.trace().L()).a;
      ImGui::Text("Network says %d (%.0f%%)", bp.predicted(), 100.0 * out[bp.predicted()]);
    }
    if (ImGui::SmallButton("Next mistake")) {
      const Status s = bp.next_mistake(app);
      if (!s.ok()) app.set_notice(s.message());   // no mistake left: said, nothing changes
    }
    name_item("backprop:next_mistake");
    tooltip("Trace the next validation image the network reads wrong (the most confidently wrong first).");
    ImGui::SameLine();
    if (ImGui::SmallButton("Random training image"))
      static_cast<void>(bp.select_random_training(app));   // failures: bp.error(), shown below
    tooltip("Trace a random image of the training split.");
    // Beside the other buttons when it fits, else on the next line.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float sketch_w = ImGui::CalcTextSize("Use the sketch").x + 2 * style.FramePadding.x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + sketch_w <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine();
    ImGui::BeginDisabled(!app.sketch().has_result());
    if (ImGui::SmallButton("Use the sketch")) static_cast<void>(bp.select_sketch(app, app.sketch().pixels(), -1));
    ImGui::EndDisabled();
    tooltip("Trace what you drew in the Sketch panel. Clicking a digit in Data or Mistakes traces that one.");
    ImGui::EndGroup();
    if (!bp.chosen_note().empty()) {   // why this example: a mistake, or the least confident right one
      ImGui::PushTextWrapPos(0.0f);
      ImGui::PushStyleColor(ImGuiCol_Text, highlight_colour_text());
      ImGui::TextUnformatted(bp.chosen_note().c_str());
      ImGui::PopStyleColor();
      ImGui::PopTextWrapPos();
      name_item("backprop:chosen");
    }
  }

  void sketch_label(AppState& app, BackpropStepper& bp) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Your sketch; it shows a");
    ImGui::SameLine();
    int d = bp.label();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.5f);
    if (combo("##sketchlabel", &d, "0\0" "1\0" "2\0" "3\0" "4\0" "5\0" "6\0" "7\0" "8\0" "9\0"))
      bp.set_sketch_label(app, d);
    tooltip("The label y of your sketch: the loss and the errors measure the network against it.");
  }

  void draw_stale_banner(AppState& app, BackpropStepper& bp) {
    if (!bp.stale(app)) return;
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(160, 60, 0, 255));
    ImGui::PushTextWrapPos(0.0f);   // wraps in a narrow panel; Re-run on a line of its own stays in view
    ImGui::TextUnformatted("Weights changed: these numbers are from the earlier weights. Re-run?");
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    if (ImGui::Button("Re-run")) static_cast<void>(bp.rerun(app));   // failures: bp.error(), shown below
    tooltip("Trace the example again under the network's current weights.");
  }

  void draw_controls(BackpropStepper& bp) {
    const int n = static_cast<int>(bp.steps().size());
    ImGui::BeginDisabled(bp.position() == 0);
    if (ImGui::Button("\u2190 Back")) bp.back();
    ImGui::EndDisabled();
    tooltip("The previous step (\u2190 key while the mouse is over this panel).");
    ImGui::SameLine();
    ImGui::BeginDisabled(bp.position() == n - 1);
    if (ImGui::Button("Next \u2192")) bp.next();
    ImGui::EndDisabled();
    tooltip("The next step (\u2192 key while the mouse is over this panel).");
    ImGui::SameLine();
    ImGui::BeginDisabled(reduced_motion_);
    if (ImGui::Button(bp.playing() ? "\u25AE\u25AE Pause###play" : "\u25B6 Play###play")) bp.set_playing(!bp.playing());
    ImGui::EndDisabled();
    tooltip(reduced_motion_ ? "Off: your system asks for reduced motion, so nothing plays by itself. Use Next."
                            : "Step through by itself, one step a second.");
    ImGui::SameLine();
    if (ImGui::Button("\u21BA Reset###bpreset")) bp.reset();
    tooltip("Back to the first step.");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("Step %d of %d", bp.position() + 1, n);
  }

  // The step's title and formula, its numbers, the diagram and the pinned explanation.
  void draw_body(AppState& app, BackpropStepper& bp) {
    const float font = ImGui::GetFontSize();
    const Step& s = bp.current();
    ImGui::Separator();
    ImGui::TextUnformatted(step_title(s, bp.trace().L()).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, highlight_colour_text());
    ImGui::TextUnformatted(step_formula(s, bp.trace().arch).c_str());
    ImGui::PopStyleColor();
    const float explain_h = bp.has_pin() ? font * 11.0f : font * 1.6f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool side = avail.x > font * 36.0f;
    const float diagram_w = side ? std::min(avail.x * 0.33f, font * 22.0f) : 0.0f;
    has_hover_ = false;
    ImGui::BeginChild("##numbers", ImVec2(avail.x - diagram_w, std::max(font * 6.0f, avail.y - explain_h)), false);
    draw_numbers(app, bp, s);
    if (!side) draw_diagram(bp, s, ImGui::GetContentRegionAvail().x, font * 14.0f);
    ImGui::EndChild();
    if (side) {
      ImGui::SameLine();
      ImGui::BeginChild("##diagram", ImVec2(0, std::max(font * 6.0f, avail.y - explain_h)), false);
      draw_diagram(bp, s, ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - font * 5.0f);
      ImGui::EndChild();
    }
    draw_explanation(bp);
  }

  // Records a hover (preview) or a click (pin) on a value.
  void picked(BackpropStepper& bp, const Pick& p, Quantity q, int layer) {
    if (p.i < 0 || layer < 0) return;   // layer < 0: a strip shown for reference, not a traced value
    const ValueRef r{q, layer, p.i, std::max(0, p.j)};
    if (p.clicked) bp.pin(r);
    if (p.hovered) {
      hover_ = r;
      has_hover_ = true;
    }
  }

  int pinned_index(const BackpropStepper& bp, Quantity q, int layer) const {
    return bp.has_pin() && bp.pinned().q == q && bp.pinned().layer == layer ? bp.pinned().i : -1;
  }

  // One vector of the trace as a strip; clicks pin q's explanation.
  void strip(BackpropStepper& bp, const char* id, const std::string& label, const VecD& v, Quantity q, int layer,
             bool highlight, int per_row = 0) {
    StripStyle st;
    st.per_row = per_row;
    st.highlight = highlight;
    picked(bp, value_strip(id, label, v, st, pinned_index(bp, q, layer)), q, layer);
  }

  void matrix(BackpropStepper& bp, const char* id, const std::string& label, const Eigen::Ref<const MatD>& M,
              Quantity q, int layer, bool highlight, const MatD* plus = nullptr) {
    const bool pin = bp.has_pin() && bp.pinned().q == q && bp.pinned().layer == layer;
    const Pick p = heatmap(id, label, M, plus, highlight, ImGui::GetFontSize() * 9.0f, pin ? bp.pinned().i : -1,
                           pin ? bp.pinned().j : -1);
    if (q != Quantity::Input) picked(bp, p, q, layer);   // Input: the weights are not a traced value
  }

  void draw_numbers(AppState& app, BackpropStepper& bp, const Step& s) {
    const ExampleTrace& t = bp.trace();
    const int l = s.layer, Lc = t.L();
    const Architecture& A = t.arch;
    switch (s.kind) {
      case StepKind::Input:
        strip(bp, "##a0", "a\u207D\u2070\u207E: the 8\u00D78 pixels, scaled", t.layer(0).a, Quantity::Input, 0, true, 8);
        break;
      case StepKind::Z:
        matrix(bp, "##W", L("W", l), weights<double>(A, bp.theta().data(), l), Quantity::Input, l, false);
        strip(bp, "##aprev", L("a", l - 1), t.layer(l - 1).a, l == 1 ? Quantity::Input : Quantity::A, l - 1, false,
              l == 1 ? 8 : 0);
        strip(bp, "##b", L("b", l), biases<double>(A, bp.theta().data(), l), Quantity::Z, -1, false);
        strip(bp, "##z", L("z", l) + " = W" + sup_paren(l) + "a" + sup_paren(l - 1) + " + b" + sup_paren(l),
              t.layer(l).z, Quantity::Z, l, true);
        break;
      case StepKind::A:
        strip(bp, "##z", L("z", l), t.layer(l).z, Quantity::Z, l, false);
        strip(bp, "##a", L("a", l) + (l == Lc ? ": one per digit 0..9" : ""), t.layer(l).a, Quantity::A, l, true);
        break;
      case StepKind::Loss:
        strip(bp, "##a", L("a", Lc) + ": the network's outputs", t.layer(Lc).a, Quantity::A, Lc, false);
        strip(bp, "##y", "y: the label " + std::to_string(t.label) + " one-hot", t.y, Quantity::Loss, -1, false);
        loss_value(bp);
        break;
      case StepKind::OutputDelta:
        strip(bp, "##a", L("a", Lc), t.layer(Lc).a, Quantity::A, Lc, false);
        strip(bp, "##y", "y", t.y, Quantity::Loss, -1, false);
        strip(bp, "##d", L("\u03B4", Lc) + " = a \u2212 y", t.layer(Lc).delta, Quantity::Delta, Lc, true);
        break;
      case StepKind::HiddenDelta:
        strip(bp, "##dn", L("\u03B4", l + 1), t.layer(l + 1).delta, Quantity::Delta, l + 1, false);
        matrix(bp, "##W", L("W", l + 1), weights<double>(A, bp.theta().data(), l + 1), Quantity::Input, l + 1, false);
        strip(bp, "##gp", "g\u2032(z" + sup_paren(l) + ")", activation_derivative(A.activation, t.layer(l).z),
              Quantity::Delta, -1, false);
        strip(bp, "##d", L("\u03B4", l), t.layer(l).delta, Quantity::Delta, l, true);
        break;
      case StepKind::Gradient:
        strip(bp, "##d", L("\u03B4", l), t.layer(l).delta, Quantity::Delta, l, false);
        strip(bp, "##aprev", L("a", l - 1), t.layer(l - 1).a, l == 1 ? Quantity::Input : Quantity::A, l - 1, false,
              l == 1 ? 8 : 0);
        matrix(bp, "##dW", "\u2202J/\u2202W" + sup_paren(l), t.layer(l).dW_data, Quantity::GradW, l, true,
               &t.layer(l).dW_reg);
        strip(bp, "##db", "\u2202J/\u2202b" + sup_paren(l), t.layer(l).db, Quantity::GradB, l, true);
        break;
      case StepKind::Update: draw_update(app, bp); break;
    }
  }

  void loss_value(BackpropStepper& bp) {
    ImGui::PushStyleColor(ImGuiCol_Text, highlight_colour_text());
    char b[64];
    std::snprintf(b, sizeof b, "J = %.4f   (click for the terms)", bp.trace().loss);
    if (ImGui::Selectable(b, bp.has_pin() && bp.pinned().q == Quantity::Loss)) bp.pin({Quantity::Loss, 0, 0, 0});
    if (ImGui::IsItemHovered()) hover_ = {Quantity::Loss, 0, 0, 0}, has_hover_ = true;
    ImGui::PopStyleColor();
  }

  // First the plain gradient-descent step for this one example (theta <- theta - eta dJ/dtheta);
  // for momentum and Adam the optimizer's own step beside it, with why the two differ.
  void draw_update(AppState& app, BackpropStepper& bp) {
    const UpdatePreview& u = bp.update();
    const Architecture& A = bp.trace().arch;
    const float font = ImGui::GetFontSize();
    char eta[48];
    std::snprintf(eta, sizeof eta, "%.4g", bp.plain_eta());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("Plain gradient descent on this example: \u03B8 \u2190 \u03B8 \u2212 \u03B7 \u2202J/\u2202\u03B8, \u03B7 = %s",
                eta);
    name_item("backprop:plain");
    if (bp.update_differs()) {
      ImGui::PushStyleColor(ImGuiCol_Text, highlight_colour_text());
      ImGui::Text("%s takes another step: %s", to_string(app.config().optim.kind), u.formula.c_str());
      ImGui::PopStyleColor();
      ImGui::TextUnformatted(bp.why_update_differs().c_str());
      name_item("backprop:why");
      ImGui::TextDisabled("%s.", u.note.c_str());
    } else {
      ImGui::TextDisabled("%s %s.", bp.why_update_differs().c_str(), u.note.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::BeginDisabled(bp.stale(app));
    if (ImGui::Button(bp.update_differs() ? "Apply the optimizer's step" : "Apply this update")) {
      const Status s = bp.apply_update(app);
      if (!s.ok()) app.set_error(s.message());
    }
    ImGui::EndDisabled();
    tooltip("Add the optimizer's \u0394\u03B8 to the real network's weights (training pauses), then trace the example again.");
    before_after(bp);
    const bool two = bp.update_differs();
    const bool side = two && ImGui::GetContentRegionAvail().x > font * 24.0f;
    if (side && !ImGui::BeginTable("##updates", 2, ImGuiTableFlags_SizingStretchSame)) return;
    if (side) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("\u2212\u03B7 \u2202J/\u2202\u03B8 (plain)");
    }
    for (int l = A.layers(); l >= 1; --l) {
      const std::string id = std::to_string(l);
      matrix(bp, ("##pW" + id).c_str(), "\u2212\u03B7 \u2202J/\u2202W" + sup_paren(l), weights<double>(A, bp.plain_step().data(), l),
             Quantity::PlainW, l, true);
      strip(bp, ("##pb" + id).c_str(), "\u2212\u03B7 \u2202J/\u2202b" + sup_paren(l),
            biases<double>(A, bp.plain_step().data(), l), Quantity::PlainB, l, true);
    }
    if (!two) {
      if (side) ImGui::EndTable();
      return;
    }
    if (side) {
      ImGui::TableNextColumn();
      ImGui::Text("%s's step", to_string(app.config().optim.kind));
    } else {
      ImGui::Separator();
      ImGui::Text("%s's step:", to_string(app.config().optim.kind));
    }
    for (int l = A.layers(); l >= 1; --l) {
      const std::string id = std::to_string(l);
      matrix(bp, ("##uW" + id).c_str(), "\u0394W" + sup_paren(l), weights<double>(A, u.delta.data(), l),
             Quantity::UpdateW, l, true);
      strip(bp, ("##ub" + id).c_str(), "\u0394b" + sup_paren(l), biases<double>(A, u.delta.data(), l),
            Quantity::UpdateB, l, true);
    }
    if (side) ImGui::EndTable();
  }

  void before_after(const BackpropStepper& bp) {
    if (!bp.has_applied()) return;
    const int y = bp.label();
    Index kb = 0, ka = 0;
    bp.output_before().maxCoeff(&kb);
    bp.output_after().maxCoeff(&ka);
    ImGui::Text("Applied. Output for the label %d: %.4f \u2192 %.4f; the network says %d \u2192 %d.", y,
                bp.output_before()[y], bp.output_after()[y], static_cast<int>(kb), static_cast<int>(ka));
  }

  void draw_explanation(BackpropStepper& bp) {
    if (has_hover_ && !(bp.has_pin() && bp.pinned() == hover_)) {
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(bp.explain(hover_).text().c_str());
      ImGui::TextDisabled("Click (or tap) to pin this explanation.");
      ImGui::EndTooltip();
    }
    if (!bp.has_pin()) {
      ImGui::TextDisabled("Click or tap any value to see how it was computed.");
      return;
    }
    ImGui::Separator();
    if (ImGui::SmallButton("\u00D7##unpin")) bp.unpin();
    tooltip("Close the explanation.");
    ImGui::SameLine();
    ImGui::BeginChild("##explain", ImVec2(0, 0), false);
    ImGui::TextUnformatted(bp.explain(bp.pinned()).text().c_str());
    ImGui::EndChild();
  }

  // ---------------------------------------------------------------- node-link diagram

  // Units of layer l to draw: all of a narrow layer, else the 10 largest |value|.
  static std::vector<int> shown_units(const VecD& v) {
    std::vector<int> idx(static_cast<std::size_t>(v.size()));
    std::iota(idx.begin(), idx.end(), 0);
    if (v.size() <= kDiagramAll) return idx;
    const VecD neg = -v.cwiseAbs();   // largest |value| first
    stable_sort_by_key(idx, std::vector<double>(neg.data(), neg.data() + neg.size()));
    idx.resize(kDiagramTop);
    std::sort(idx.begin(), idx.end());
    return idx;
  }

  static bool backward(const Step& s) {
    return s.kind == StepKind::OutputDelta || s.kind == StepKind::HiddenDelta || s.kind == StepKind::Gradient ||
           s.kind == StepKind::Update;
  }

  // The layer whose nodes this step computes, and the weight layer whose edges it uses (0: none).
  static void step_focus(const Step& s, int L, int* nodes, int* edges) {
    *nodes = s.layer;
    *edges = 0;
    switch (s.kind) {
      case StepKind::Z: case StepKind::A: *edges = s.kind == StepKind::Z ? s.layer : 0; break;
      case StepKind::HiddenDelta: *edges = s.layer + 1; break;
      case StepKind::Gradient: *edges = s.layer; break;
      case StepKind::Loss: case StepKind::OutputDelta: *nodes = L; break;
      default: *nodes = s.kind == StepKind::Input ? 0 : -1; break;
    }
  }

  // Values the nodes are coloured by: activations (forward) or deltas (backward).
  static VecD node_values(const ExampleTrace& t, int l, bool back) {
    if (!back) return t.layer(l).a;
    return l == 0 ? VecD::Zero(t.layer(0).a.size()) : t.layer(l).delta;
  }

  void draw_diagram(BackpropStepper& bp, const Step& s, float w, float h) {
    const ExampleTrace& t = bp.trace();
    const int Lc = t.L();
    const bool back = backward(s);
    const float font = ImGui::GetFontSize();
    h = std::max(h, font * 8.0f);
    w = std::max(w, font * 8.0f);
    ImGui::TextDisabled(back ? "Nodes: \u03B4 (blue \u2212, red +)" : "Nodes: activations a");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(w, h));
    std::vector<std::vector<int>> units(static_cast<std::size_t>(Lc) + 1);
    std::vector<std::vector<ImVec2>> pos(units.size());
    bool cut = false;
    for (int l = 0; l <= Lc; ++l) {
      units[l] = shown_units(node_values(t, l, false));
      cut |= static_cast<int>(units[l].size()) < t.layer(l).a.size();
      const float x = p.x + font + (w - 2 * font) * (Lc ? float(l) / Lc : 0.f);
      for (std::size_t k = 0; k < units[l].size(); ++k)
        pos[l].push_back(ImVec2(x, p.y + h * (k + 0.5f) / units[l].size()));
    }
    int focus_nodes = -1, focus_edges = 0;
    step_focus(s, Lc, &focus_nodes, &focus_edges);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int l = 1; l <= Lc; ++l) draw_edges(dl, bp, l, units, pos, l == focus_edges);
    for (int l = 0; l <= Lc; ++l) draw_nodes(dl, node_values(t, l, back), units[l], pos[l], l == focus_nodes, font);
    for (int l = 0; l <= Lc; ++l) {   // column labels under the nodes
      const std::string t = "a" + sup_paren(l);
      const float x = pos[l].empty() ? p.x : pos[l][0].x - 0.5f * ImGui::CalcTextSize(t.c_str()).x;
      dl->AddText(ImVec2(x, p.y + h), ImGui::GetColorU32(ImGuiCol_TextDisabled), t.c_str());
    }
    ImGui::Dummy(ImVec2(w, font));
    if (cut) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("Layers wider than %d units: only their %d most active are drawn.", kDiagramAll, kDiagramTop);
      ImGui::PopStyleColor();
    }
  }

  static void draw_edges(ImDrawList* dl, const BackpropStepper& bp, int l, const std::vector<std::vector<int>>& units,
                         const std::vector<std::vector<ImVec2>>& pos, bool focus) {
    const auto W = weights<double>(bp.trace().arch, bp.theta().data(), l);
    const double maxabs = std::max(1e-12, W.cwiseAbs().maxCoeff());
    for (std::size_t a = 0; a < units[l].size(); ++a)
      for (std::size_t b = 0; b < units[l - 1].size(); ++b) {
        const double wv = W(units[l][a], units[l - 1][b]);
        const float mag = static_cast<float>(std::abs(wv) / maxabs);
        const ImU32 c = (diverging(static_cast<float>(wv / maxabs)) & 0x00FFFFFF) |
                        (static_cast<ImU32>(255.0f * (focus ? 0.25f + 0.75f * mag : 0.12f * mag)) << 24);
        dl->AddLine(pos[l - 1][b], pos[l][a], c, focus ? 1.0f + 1.5f * mag : 1.0f);
      }
  }

  static void draw_nodes(ImDrawList* dl, const VecD& v, const std::vector<int>& units, const std::vector<ImVec2>& pos,
                         bool focus, float font) {
    const double maxabs = v.size() ? std::max(1e-12, v.cwiseAbs().maxCoeff()) : 1.0;
    const float r = std::clamp(0.4f * (pos.size() > 1 ? pos[1].y - pos[0].y : font), 2.0f, 0.45f * font);
    for (std::size_t k = 0; k < units.size(); ++k) {
      dl->AddCircleFilled(pos[k], r, diverging(static_cast<float>(v[units[k]] / maxabs)));
      dl->AddCircle(pos[k], r, focus ? highlight_colour() : IM_COL32(120, 120, 120, 255), 0, focus ? 2.5f : 1.0f);
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_backprop_panel() { return std::make_unique<BackpropPanel>(); }

}  // namespace bpl::ui
