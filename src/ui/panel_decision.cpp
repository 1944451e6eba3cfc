// Decision panel: what the network decides and how well.
//   Output    - the current input's 10 output values as bars (prediction highlighted) and its
//               hidden-layer activations as colour strips.
//   Confusion - the test-set confusion matrix (rows = true digit, columns = predicted); click a
//               cell for a gallery of those test images.
//   Mistakes  - every misclassified test image with its true and predicted digit.
//   Similar   - the training images nearest to the current input (pixel distance) and the vote of
//               a k-nearest-neighbours classifier: a baseline that learns nothing.
// In the galleries, hover an image for its output values, click it to make it the current input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "knn/knn.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

using palette::kTrueText;
using palette::kPredText;
constexpr ImU32 kPredicted = palette::kHighlight;    // the network's answer
constexpr ImU32 kSelected = palette::kHighlight;     // the current input, the focused unit
constexpr ImU32 kTrueColour = palette::kTrue;

int argmax(const VecF& p) {
  int best = 0;
  for (int k = 1; k < p.size(); ++k)
    if (p[k] > p[best]) best = k;
  return best;
}

// Luminance of a packed colour, to pick black or white text over it.
bool is_dark(ImU32 c) {
  const float r = (c >> IM_COL32_R_SHIFT) & 0xFF, g = (c >> IM_COL32_G_SHIFT) & 0xFF, b = (c >> IM_COL32_B_SHIFT) & 0xFF;
  return 0.299f * r + 0.587f * g + 0.114f * b < 140.0f;
}

// Ten horizontal bars "d  [====    ] 0.973". Rows of height row_h; truth < 0: unknown.
// Returns the row under the mouse (or -1) when `interactive`.
int probability_bars(const VecF& p, int truth, float width, float row_h, bool interactive) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const int best = argmax(p);
  const float label_w = ImGui::CalcTextSize("0").x + font * 0.5f;
  const float value_w = ImGui::CalcTextSize("0.000").x + font * 0.5f;
  const float tag_w = truth >= 0 ? ImGui::CalcTextSize("true").x + font * 0.2f : 0.0f;
  const float bar_w = std::max(font * 2.0f, width - label_w - value_w - tag_w);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const float total_h = row_h * kClasses;
  int hover = -1;
  if (interactive) {
    ImGui::InvisibleButton("##probs", ImVec2(width, total_h));
    if (ImGui::IsItemHovered())
      hover = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.y - p0.y) / row_h), 0, kClasses - 1);
  } else {
    ImGui::Dummy(ImVec2(width, total_h));
  }
  const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 track = ImGui::GetColorU32(ImGuiCol_FrameBg);
  const ImU32 bar = ImGui::GetColorU32(ImGuiCol_PlotHistogram);
  const float pad = std::max(1.0f, row_h * 0.12f);
  for (int k = 0; k < kClasses; ++k) {
    const float y = p0.y + k * row_h;
    const float ty = y + (row_h - ImGui::GetTextLineHeight()) * 0.5f;
    if (k == hover)
      dl->AddRectFilled(ImVec2(p0.x, y), ImVec2(p0.x + width, y + row_h), ImGui::GetColorU32(ImGuiCol_HeaderHovered));
    char s[16];
    std::snprintf(s, sizeof s, "%d", k);
    dl->AddText(ImVec2(p0.x, ty), k == best ? kPredicted : text, s);
    const float x0 = p0.x + label_w;
    const float v = std::clamp(p[k], 0.0f, 1.0f);
    dl->AddRectFilled(ImVec2(x0, y + pad), ImVec2(x0 + bar_w, y + row_h - pad), track);
    dl->AddRectFilled(ImVec2(x0, y + pad), ImVec2(x0 + bar_w * v, y + row_h - pad), k == best ? kPredicted : bar);
    std::snprintf(s, sizeof s, "%.3f", p[k]);
    dl->AddText(ImVec2(x0 + bar_w + font * 0.4f, ty), k == best ? kPredicted : text, s);
    if (k == truth) dl->AddText(ImVec2(x0 + bar_w + value_w + font * 0.2f, ty), kTrueColour, "true");
  }
  return hover;
}

class DecisionPanel final : public Panel {
 public:
  const char* name() const override { return "decision"; }
  const char* title() const override { return "Decision: outputs and errors"; }
  Slot slot() const override { return {0.64f, 0.53f, 0.36f, 0.47f}; }

  void draw(AppState& app) override {
    if (!ImGui::BeginTabBar("##decision_tabs")) return;
    if (tab_item("Output", "The current input's output values and hidden-layer activations.")) {
      draw_output(app);
      ImGui::EndTabItem();
    }
    if (tab_item("Confusion", "Test set: which digits get confused with which. Click a cell to see the images.")) {
      draw_confusion(app);
      ImGui::EndTabItem();
    }
    if (tab_item("Mistakes", "Every test image the network gets wrong.")) {
      draw_mistakes(app);
      ImGui::EndTabItem();
    }
    if (tab_item("Similar", "The training images closest to the current input, and what a nearest-neighbour vote says.")) {
      draw_similar(app);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }

 private:
  int cell_true_ = -1, cell_pred_ = -1;   // confusion cell whose gallery is shown
  int mistakes_filter_ = -1;              // -1: all true digits

  // ---------------------------------------------------------------- Output
  void draw_output(AppState& app) {
    const float font = ImGui::GetFontSize();
    ImGui::BeginChild("##output", ImVec2(0, 0), false);
    if (!app.has_input()) {
      ImGui::TextDisabled("No input yet.");
      ImGui::TextWrapped("Draw a digit in the Sketch panel, or click an image in the Data panel or in the "
                         "Confusion/Mistakes tabs.");
      ImGui::EndChild();
      return;
    }
    const VecF& p = app.input_probabilities();
    if (p.size() != kClasses) {
      ImGui::EndChild();
      return;
    }
    const int best = argmax(p);
    int truth = -1;

    // One line: where the input comes from and the verdict.
    if (app.input_source() == InputSource::Sketch) {
      ImGui::TextUnformatted("Input: your sketch");
    } else {
      const int i = app.selected_index();
      truth = app.data().y[static_cast<std::size_t>(i)];
      ImGui::Text("Input: image #%d,", i);
      ImGui::SameLine();
      ImGui::TextColored(kTrueText, "true %d", truth);
    }
    ImGui::SameLine();
    ImGui::TextDisabled("->");
    ImGui::SameLine();
    const Reading rd = read_outputs(p);
    if (rd.unsure) {
      ImGui::TextColored(kPredText, "unsure: %d, %d or %d", rd.candidates[0], rd.candidates[1], rd.candidates[2]);
      tooltip("The largest output is below 0.8 of the total, so the network is not sure. Its best three "
              "candidates, best first; the bars below show every output.");
    } else {
      ImGui::TextColored(kPredText, "predicted %d", best);
    }
    if (truth >= 0) {
      ImGui::SameLine();
      if (truth == best)
        ImGui::TextUnformatted("(right)");
      else
        ImGui::TextColored(palette::kWrongText, "(wrong)");
    }

    // The input picture beside the output bars.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float cell = std::floor(font * 0.45f);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(cell * 8, cell * 8));
    draw_digit(dl, p0, cell, app.input_pixels().data());
    dl->AddRect(p0, ImVec2(p0.x + cell * 8, p0.y + cell * 8), ImGui::GetColorU32(ImGuiCol_Border));
    tooltip("The current input: 64 pixels 0..16, as the network gets them.");
    ImGui::SameLine();
    ImGui::BeginGroup();
    const bool sigmoid_out = app.config().arch.output == OutputKind::SigmoidBCE;
    ImGui::TextUnformatted("Output layer");
    ImGui::SameLine();
    ImGui::TextDisabled(sigmoid_out ? "(sigmoid units, sum %.2f)" : "(softmax, sum %.2f)", p.sum());
    ImGui::SameLine();
    help_marker(sigmoid_out
                    ? "Each output unit is a sigmoid answering one question, \"is it a k?\", on its own (Andrew "
                      "Ng's network). Each value is between 0 and 1 but together they need not sum to 1. The "
                      "prediction is the largest one."
                    : "Softmax outputs: the ten values are probabilities that sum to 1. The prediction is the "
                      "largest one.");
    const float row_h = std::max(ImGui::GetTextLineHeight(), font * 1.05f);
    const float width = ImGui::GetContentRegionAvail().x;
    const int hover = probability_bars(p, truth, width, row_h, true);
    ImGui::EndGroup();
    if (hover >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text("Output unit %d = %.4f", hover, p[hover]);
      if (hover == best) ImGui::TextColored(kPredText, "The largest: the prediction.");
      if (hover == truth) ImGui::TextColored(kTrueText, "The right answer.");
      ImGui::EndTooltip();
    }

    // Hidden activations.
    const std::vector<VecF>& acts = app.input_activations();
    const Activation act = app.config().arch.activation;
    ImGui::TextUnformatted("Hidden layers");
    ImGui::SameLine();
    switch (act) {
      case Activation::Sigmoid: ImGui::TextDisabled("(sigmoid: white 0 .. blue 1)"); break;
      case Activation::Tanh: ImGui::TextDisabled("(tanh: blue -1 .. white 0 .. red 1)"); break;
      case Activation::Relu: ImGui::TextDisabled("(ReLU: white 0 .. blue = layer max)"); break;
    }
    ImGui::SameLine();
    help_marker("Each square is one hidden unit's activation for this input: the features the network "
                "computed on its way to the answer. Hover a square for its value.");
    if (acts.empty()) ImGui::TextDisabled("This network has no hidden layer.");
    for (std::size_t l = 0; l < acts.size(); ++l) {
      ImGui::PushID(static_cast<int>(l));
      activation_strip(app, acts[l], static_cast<int>(l) + 1, act);
      ImGui::PopID();
    }
    ImGui::EndChild();
  }

  // Hidden layer `layer`'s activations as a strip of coloured cells; click a cell to focus that
  // unit (the Weights panel shows its weights), click it again to unfocus.
  static void activation_strip(AppState& app, const VecF& a, int layer, Activation act) {
    const float font = ImGui::GetFontSize();
    const int n = static_cast<int>(a.size());
    if (n == 0) return;
    ImGui::Text("L%d", layer);
    char tip[64];
    std::snprintf(tip, sizeof tip, "Hidden layer %d: %d units", layer, n);
    tooltip(tip);
    ImGui::SameLine(font * 2.0f);
    const StripGeometry g = strip_geometry(n, ImGui::GetContentRegionAvail().x);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("##strip", ImVec2(g.per_row * g.cell, g.rows * g.cell_h));
    if (layer == 1) remember_panel_rect("decision:unit0", p0, ImVec2(p0.x + g.cell, p0.y + g.cell_h));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    draw_strip_cells(dl, p0, g, a, act);
    const Focus& f = app.focus();
    if (f.layer == layer && f.unit >= 0 && f.unit < n) outline_cell(dl, p0, g, f.unit, kSelected, 3.0f);
    if (!hovered) return;
    const int u = strip_cell_at(p0, g, n, ImGui::GetIO().MousePos);
    if (u < 0) return;
    outline_cell(dl, p0, g, u, palette::kHover, 2.0f);
    const bool focused = f.layer == layer && f.unit == u;
    if (clicked) {
      if (focused)
        app.clear_focus_unit();
      else
        app.set_focus_unit(layer, u);
    }
    ImGui::BeginTooltip();
    ImGui::Text("Layer %d, unit %d: activation %.4f", layer, u + 1, a[u]);
    ImGui::TextDisabled(focused ? "The focused unit. Click: unfocus." : "Click: focus this unit (Weights panel).");
    ImGui::EndTooltip();
  }

  struct StripGeometry {
    int per_row = 1, rows = 1;
    float cell = 1, cell_h = 1;
  };
  // Cells as wide as possible on few rows: at most 1.6 font units, at least 0.5.
  static StripGeometry strip_geometry(int n, float width) {
    const float font = ImGui::GetFontSize();
    StripGeometry g;
    g.per_row = std::clamp(static_cast<int>(width / (font * 0.5f)), 1, n);
    g.cell = std::min(font * 1.6f, width / g.per_row);
    g.rows = (n + g.per_row - 1) / g.per_row;
    g.cell_h = std::max(g.cell, font * 0.8f);
    return g;
  }

  static void draw_strip_cells(ImDrawList* dl, ImVec2 p0, const StripGeometry& g, const VecF& a, Activation act) {
    const float vmax = act == Activation::Relu ? std::max(1e-6f, a.maxCoeff()) : 1.0f;
    for (int u = 0; u < a.size(); ++u) {
      const float x = p0.x + (u % g.per_row) * g.cell, y = p0.y + (u / g.per_row) * g.cell_h;
      const float v = a[u];
      const ImU32 col = act == Activation::Tanh ? diverging(std::clamp(v, -1.0f, 1.0f))
                                                : sequential(std::clamp(v / vmax, 0.0f, 1.0f));
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + g.cell, y + g.cell_h), col);
    }
    dl->AddRect(p0, ImVec2(p0.x + g.per_row * g.cell, p0.y + g.rows * g.cell_h), ImGui::GetColorU32(ImGuiCol_Border));
  }

  static void outline_cell(ImDrawList* dl, ImVec2 p0, const StripGeometry& g, int u, ImU32 colour, float thickness) {
    const float x = p0.x + (u % g.per_row) * g.cell, y = p0.y + (u / g.per_row) * g.cell_h;
    dl->AddRect(ImVec2(x, y), ImVec2(x + g.cell, y + g.cell_h), colour, 0, 0, thickness);
  }

  // The unit under point m, or -1.
  static int strip_cell_at(ImVec2 p0, const StripGeometry& g, int n, ImVec2 m) {
    const int c = static_cast<int>((m.x - p0.x) / g.cell), r = static_cast<int>((m.y - p0.y) / g.cell_h);
    const int u = r * g.per_row + c;
    return c >= 0 && c < g.per_row && u >= 0 && u < n ? u : -1;
  }

  // ---------------------------------------------------------------- galleries
  // Thumbnails of test images given as positions in the test subset; hover shows the outputs,
  // click makes the image the current input.
  void gallery(AppState& app, const std::vector<int>& positions, bool captions, float cell_font) {
    const Trainer& t = app.trainer();
    const std::vector<int>& idx = t.indices(Subset::Test);
    const std::vector<int>& y = t.y(Subset::Test);
    const std::vector<int>& pred = app.test_predictions();
    const float font = ImGui::GetFontSize();
    const float cell = std::max(2.0f, std::floor(font * cell_font));
    const float side = cell * 8.0f;
    const float gap = std::floor(font * 0.5f);
    const float caption_h = captions ? ImGui::GetTextLineHeight() : 0.0f;
    const float width = ImGui::GetContentRegionAvail().x;
    const int per_row = std::max(1, static_cast<int>((width + gap) / (side + gap)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap * 0.5f));
    for (std::size_t j = 0; j < positions.size(); ++j) {
      const int pos = positions[j];
      if (pos < 0 || pos >= static_cast<int>(idx.size()) || pos >= static_cast<int>(pred.size())) continue;
      const int index = idx[static_cast<std::size_t>(pos)];
      const int truth = y[static_cast<std::size_t>(pos)], guess = pred[static_cast<std::size_t>(pos)];
      if (j % static_cast<std::size_t>(per_row) != 0) ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::PushID(index);
      const double* px = app.data().X.col(index).data();
      const bool selected = app.focus().example == index;
      bool hovered = false;
      if (digit_thumbnail(px, cell, selected, &hovered)) app.set_focus_example(index);
      if (hovered) {
        ImGui::BeginTooltip();
        ImGui::Text("Test image #%d", index);
        ImGui::TextColored(kTrueText, "true %d", truth);
        ImGui::SameLine();
        ImGui::TextColored(kPredText, "predicted %d", guess);
        const ImVec2 q = ImGui::GetCursorScreenPos();
        const float big = std::floor(font * 0.6f);
        draw_digit(ImGui::GetWindowDrawList(), q, big, px);
        ImGui::Dummy(ImVec2(big * 8, big * 8));
        ImGui::SameLine();
        const VecF& p = app.image_probabilities(index);
        if (p.size() == kClasses)
          probability_bars(p, truth, font * 12.0f, ImGui::GetTextLineHeight(), false);
        ImGui::TextDisabled(selected ? "This is the current input (Output tab)." : "Click: make it the current input.");
        ImGui::EndTooltip();
      }
      if (captions) {
        char s[16];
        std::snprintf(s, sizeof s, "%d>%d", truth, guess);
        const ImVec2 c = ImGui::GetCursorScreenPos();
        const float tw = ImGui::CalcTextSize(s).x;
        ImGui::Dummy(ImVec2(side, caption_h));
        char a[4], b[4];
        std::snprintf(a, sizeof a, "%d", truth);
        std::snprintf(b, sizeof b, "%d", guess);
        float x = c.x + (side - tw) * 0.5f;
        dl->AddText(ImVec2(x, c.y), kTrueColour, a);
        x += ImGui::CalcTextSize(a).x;
        dl->AddText(ImVec2(x, c.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), ">");
        x += ImGui::CalcTextSize(">").x;
        dl->AddText(ImVec2(x, c.y), kPredicted, b);
      }
      ImGui::PopID();
      ImGui::EndGroup();
    }
    ImGui::PopStyleVar();
  }

  // ---------------------------------------------------------------- Confusion
  // Where the confusion matrix goes: cell size, grid origin (below the column labels, right of
  // the row labels).
  struct MatrixLayout {
    float cell = 1, grid = 10, label_w = 0, head_h = 0;
    ImVec2 p0, g0;
    bool beside = true;   // the gallery beside the matrix (else below)
  };

  // Test-set confusion matrix (rows: true digit, columns: prediction); click a cell for its images.
  void draw_confusion(AppState& app) {
    const ConfusionMatrix& cm = app.test_confusion();
    if (cm.rows() != kClasses || cm.cols() != kClasses) {
      ImGui::TextDisabled("No test predictions yet.");
      return;
    }
    confusion_summary(cm);
    MatrixLayout m = matrix_layout();
    ImGui::BeginGroup();
    m.p0 = ImGui::GetCursorScreenPos();
    m.g0 = ImVec2(m.p0.x + m.label_w, m.p0.y + m.head_h);
    matrix_labels(m);
    ImGui::SetCursorScreenPos(m.g0);
    ImGui::InvisibleButton("##cm", ImVec2(m.grid, m.grid));
    int hr = -1, hc = -1;
    if (ImGui::IsItemHovered()) matrix_hover(m, &hr, &hc);
    matrix_cells(m, cm);
    if (cell_true_ >= 0) outline_matrix_cell(m, cell_true_, cell_pred_, kSelected, 3.0f);
    if (hr >= 0) {
      outline_matrix_cell(m, hr, hc, palette::kHover, 2.0f);
      matrix_cell_tooltip(cm, hr, hc);
    }
    ImGui::EndGroup();
    if (m.beside) ImGui::SameLine(0, ImGui::GetFontSize());
    cell_gallery(app);
  }

  void confusion_summary(const ConfusionMatrix& cm) {
    const int total = cm.sum(), correct = cm.trace();
    ImGui::Text("Test set: %d of %d right (%.1f%%)", correct, total, total ? 100.0 * correct / total : 0.0);
    ImGui::SameLine();
    help_marker("Rows: the true digit. Columns: the network's answer. The diagonal counts the right "
                "answers (blue); every other non-empty cell is a kind of mistake (red). Click a cell to see "
                "its images. Updates live while training.");
  }

  // Matrix on the left, gallery on the right when wide enough; else the gallery goes below.
  static MatrixLayout matrix_layout() {
    const float font = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    MatrixLayout m;
    m.label_w = ImGui::CalcTextSize("true 0").x + font * 0.3f;
    m.head_h = ImGui::GetTextLineHeight() * 2.0f;
    m.beside = avail.x > font * 26.0f;
    const float cell = m.beside ? std::min((avail.x * 0.62f - m.label_w) / kClasses, (avail.y - m.head_h) / kClasses)
                                : std::min((avail.x - m.label_w) / kClasses, (avail.y * 0.6f - m.head_h) / kClasses);
    m.cell = std::floor(std::max(cell, font * 1.3f));
    m.grid = m.cell * kClasses;
    return m;
  }

  // "predicted" over the columns' digits; "true 0", 1, 2, ... along the rows.
  static void matrix_labels(const MatrixLayout& m) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const char* pred_title = "predicted";
    dl->AddText(ImVec2(m.g0.x + (m.grid - ImGui::CalcTextSize(pred_title).x) * 0.5f, m.p0.y),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), pred_title);
    char s[16];
    for (int k = 0; k < kClasses; ++k) {
      std::snprintf(s, sizeof s, "%d", k);
      const ImVec2 ts = ImGui::CalcTextSize(s);
      dl->AddText(ImVec2(m.g0.x + (k + 0.5f) * m.cell - ts.x * 0.5f, m.g0.y - ts.y - 1.0f), text, s);
      std::snprintf(s, sizeof s, k == 0 ? "true %d" : "%d", k);
      const ImVec2 ls = ImGui::CalcTextSize(s);
      dl->AddText(ImVec2(m.g0.x - ls.x - ImGui::GetFontSize() * 0.3f, m.g0.y + (k + 0.5f) * m.cell - ls.y * 0.5f),
                  text, s);
    }
  }

  // The hovered cell; a click opens its gallery (a second click closes it).
  void matrix_hover(const MatrixLayout& m, int* hr, int* hc) {
    const ImVec2 p = ImGui::GetIO().MousePos;
    *hr = std::clamp(static_cast<int>((p.y - m.g0.y) / m.cell), 0, kClasses - 1);
    *hc = std::clamp(static_cast<int>((p.x - m.g0.x) / m.cell), 0, kClasses - 1);
    if (!ImGui::IsItemClicked()) return;
    if (*hr == cell_true_ && *hc == cell_pred_) {
      cell_true_ = cell_pred_ = -1;
    } else {
      cell_true_ = *hr;
      cell_pred_ = *hc;
    }
  }

  // Counts; the diagonal shaded by the row's share (blue), mistakes in red.
  static void matrix_cells(const MatrixLayout& m, const ConfusionMatrix& cm) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char s[16];
    for (int r = 0; r < kClasses; ++r) {
      const int row_total = cm.row(r).sum();
      for (int c = 0; c < kClasses; ++c) {
        const int n = cm(r, c);
        const float frac = row_total ? static_cast<float>(n) / row_total : 0.0f;
        const ImU32 bg = r == c ? sequential(frac) : n == 0 ? IM_COL32_WHITE : diverging(std::min(1.0f, 0.3f + 3.0f * frac));
        const ImVec2 a(m.g0.x + c * m.cell, m.g0.y + r * m.cell), b(a.x + m.cell, a.y + m.cell);
        dl->AddRectFilled(a, b, bg);
        dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
        if (n == 0) continue;
        std::snprintf(s, sizeof s, "%d", n);
        const ImVec2 ts = ImGui::CalcTextSize(s);
        dl->AddText(ImVec2(a.x + (m.cell - ts.x) * 0.5f, a.y + (m.cell - ts.y) * 0.5f),
                    is_dark(bg) ? IM_COL32_WHITE : IM_COL32_BLACK, s);
      }
    }
  }

  static void outline_matrix_cell(const MatrixLayout& m, int r, int c, ImU32 colour, float thickness) {
    const ImVec2 a(m.g0.x + c * m.cell, m.g0.y + r * m.cell);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(a.x + m.cell + 1, a.y + m.cell + 1), colour, 0,
                                        0, thickness);
  }

  static void matrix_cell_tooltip(const ConfusionMatrix& cm, int hr, int hc) {
    const int row_total = cm.row(hr).sum();
    ImGui::BeginTooltip();
    ImGui::Text("True %d, predicted %d: %d test image%s", hr, hc, cm(hr, hc), cm(hr, hc) == 1 ? "" : "s");
    ImGui::TextDisabled("%.0f%% of the %d test images of a %d", row_total ? 100.0 * cm(hr, hc) / row_total : 0.0,
                        row_total, hr);
    ImGui::TextDisabled(hr == hc ? "Right answers. Click to see them." : "Mistakes. Click to see them.");
    ImGui::EndTooltip();
  }

  // The images of the clicked cell.
  void cell_gallery(AppState& app) {
    ImGui::BeginChild("##cell_gallery", ImVec2(0, 0), true);
    if (cell_true_ < 0) {
      ImGui::TextDisabled("Click a cell");
      ImGui::TextWrapped("to see its test images here. Off-diagonal cells are the mistakes.");
    } else {
      const std::vector<int>& images = app.test_images(cell_true_, cell_pred_);
      ImGui::TextColored(kTrueText, "true %d", cell_true_);
      ImGui::SameLine();
      ImGui::TextColored(kPredText, "pred. %d", cell_pred_);
      if (images.empty())
        ImGui::TextDisabled("No test images here.");
      else
        ImGui::TextDisabled("%d test image%s", static_cast<int>(images.size()), images.size() == 1 ? "" : "s");
      gallery(app, images, false, 0.3f);
    }
    ImGui::EndChild();
  }

  // Test positions with the given true and predicted class (-1: any; pred -2: any wrong answer).
  // ---------------------------------------------------------------- Similar
  void draw_similar(AppState& app) {
    const float font = ImGui::GetFontSize();
    if (!app.has_input()) {
      ImGui::TextDisabled("No input yet.");
      ImGui::TextWrapped("Draw a digit in the Sketch panel or click an image: this tab shows the training "
                         "images that look most like it.");
      return;
    }
    const InputNeighbours& nb = app.input_neighbours();
    if (!nb.error.empty()) {
      ImGui::TextWrapped("%s", nb.error.c_str());
      return;
    }
    if (nb.index.empty()) return;
    const int k = std::min<int>(InputNeighbours::kVote, static_cast<int>(nb.index.size()));
    const int knn = nb.vote;
    const VecF& p = app.input_probabilities();
    const int net = p.size() == kClasses ? argmax(p) : -1;

    ImGui::Text("Nearest-neighbour vote (k = %d):", k);
    ImGui::SameLine();
    ImGui::TextColored(kPredText, "%d", knn);
    ImGui::SameLine();
    ImGui::TextDisabled("(%d of %d)", nb.votes, k);
    ImGui::SameLine();
    help_marker("k-nearest neighbours learns nothing: it compares the input with every training image "
                "(Euclidean distance between the 64 pixel values) and lets the closest k vote. It is a "
                "strong baseline on these digits. When the network and the vote disagree, look at the "
                "neighbours: is the input unusual, or close to two digits?");
    if (net >= 0) {
      ImGui::Text("Network's answer:");
      ImGui::SameLine();
      ImGui::TextColored(kPredText, "%d", net);
      ImGui::SameLine();
      if (net == knn)
        ImGui::TextDisabled("(they agree)");
      else
        ImGui::TextColored(palette::kWrongText, "(they disagree)");
    }
    ImGui::TextDisabled("The %d closest training images (label, distance):", static_cast<int>(nb.index.size()));

    ImGui::BeginChild("##neighbours", ImVec2(0, 0), true);
    const float cell = std::max(2.0f, std::floor(font * 0.4f));
    const float side = cell * 8.0f;
    const float gap = std::floor(font * 0.6f);
    const float width = ImGui::GetContentRegionAvail().x;
    const int per_row = std::max(1, static_cast<int>((width + gap) / (side + gap)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap * 0.5f));
    for (std::size_t j = 0; j < nb.index.size(); ++j) {
      const int index = nb.index[j];
      const int label = nb.label[j];
      const double distance = nb.distance[j];
      if (j % static_cast<std::size_t>(per_row) != 0) ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::PushID(static_cast<int>(j));
      const double* px = app.data().X.col(index).data();
      const bool selected = app.focus().example == index;
      bool hovered = false;
      if (digit_thumbnail(px, cell, selected, &hovered)) app.set_focus_example(index);
      if (hovered) {
        ImGui::BeginTooltip();
        ImGui::Text("Training image #%d, label %d", index, label);
        ImGui::Text("Distance to the input: %.1f%s", distance, distance == 0.0 ? " (identical)" : "");
        ImGui::TextDisabled(static_cast<int>(j) < k ? "One of the %d that vote." : "Too far to vote (k = %d).", k);
        ImGui::TextDisabled("Click: make it the current input.");
        ImGui::EndTooltip();
      }
      char cap[32];
      std::snprintf(cap, sizeof cap, "%d", label);
      char dist[32];
      std::snprintf(dist, sizeof dist, "%.0f", distance);
      const ImVec2 c = ImGui::GetCursorScreenPos();
      ImGui::Dummy(ImVec2(side, ImGui::GetTextLineHeight()));
      const float lw = ImGui::CalcTextSize(cap).x, dw = ImGui::CalcTextSize(dist).x, sp = font * 0.3f;
      const float x = c.x + (side - (lw + sp + dw)) * 0.5f;
      dl->AddText(ImVec2(x, c.y), static_cast<int>(j) < k ? kPredicted : ImGui::GetColorU32(ImGuiCol_Text), cap);
      dl->AddText(ImVec2(x + lw + sp, c.y), ImGui::GetColorU32(ImGuiCol_TextDisabled), dist);
      ImGui::PopID();
      ImGui::EndGroup();
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
  }

  // ---------------------------------------------------------------- Mistakes
  void draw_mistakes(AppState& app) {
    const float font = ImGui::GetFontSize();
    const int total = static_cast<int>(app.trainer().y(Subset::Test).size());
    const ConfusionMatrix& cm = app.test_confusion();
    const int wrong = static_cast<int>(cm.sum() - cm.trace());
    ImGui::Text("%d of %d test images wrong", wrong, total);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(font * 7.0f);
    digit_combo("##filter", &mistakes_filter_, "every digit", "true %d only");
    tooltip("Show the mistakes on every digit, or only on one true digit.");
    // Caption legend.
    ImGui::TextDisabled("Under each image:");
    ImGui::SameLine();
    ImGui::TextColored(kTrueText, "true");
    ImGui::SameLine(0, 0);
    ImGui::TextDisabled(">");
    ImGui::SameLine(0, 0);
    ImGui::TextColored(kPredText, "predicted");
    ImGui::SameLine();
    help_marker("Hover an image to see the ten output values the network gave it; click it to make it the "
                "current input (Output tab, Network and Weights panels). Mistakes are grouped by true digit.");
    // Grouped by true digit, then by predicted digit: similar mistakes sit together.
    const std::vector<int>& images = app.test_images(mistakes_filter_, AppState::kWrong);
    ImGui::BeginChild("##mistakes", ImVec2(0, 0), true);
    if (images.empty())
      ImGui::TextDisabled(app.trainer().history().empty() ? "Train the network first." : "No mistakes here.");
    gallery(app, images, true, 0.4f);
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<Panel> make_decision_panel() { return std::make_unique<DecisionPanel>(); }

}  // namespace bpl::ui
