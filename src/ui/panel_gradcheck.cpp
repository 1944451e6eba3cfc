// Gradient check panel: backprop against central differences on the live network, and the same
// check on the original notebook's bugs (the "common mistakes" selector). The check itself is
// GradcheckJob (src/app), run a few ms per frame by the frame loop; this panel only edits the
// request, starts/cancels the job and shows its results: a PASS/FAIL verdict with the layer that
// breaks, the maximum relative error per layer, and every checked parameter (worst first,
// sortable). Every explanation is on screen or opens on a click (nothing needs hover).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "core/order.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

const ImVec4 kPassColour(0.11f, 0.55f, 0.24f, 1.0f);   // green
const ImVec4 kFailColour(0.78f, 0.13f, 0.13f, 1.0f);   // red
constexpr ImU32 kFailRowBg = IM_COL32(252, 228, 228, 255);

// "W1[3, 17]" or "b2[4]" (1-based units, as the panel's tables read).
std::string param_label(const ParamRef& r) {
  char buf[48];
  if (r.bias())
    std::snprintf(buf, sizeof buf, "b%d[%d]", r.layer, r.row + 1);
  else
    std::snprintf(buf, sizeof buf, "W%d[%d, %d]", r.layer, r.row + 1, r.col + 1);
  return buf;
}

std::string layer_list(const std::vector<int>& layers) {
  std::string s;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (i > 0) s += i + 1 == layers.size() ? " and " : ", ";
    s += std::to_string(layers[i]);
  }
  return s;
}

void wrapped(const char* text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
}

void wrapped_disabled(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  wrapped(text.c_str());
  ImGui::PopStyleColor();
}

class GradcheckPanel final : public Panel {
 public:
  const char* name() const override { return "gradcheck"; }
  const char* title() const override { return "Gradient check"; }
  Slot slot() const override { return {0.5f, 0.0f, 0.5f, 1.0f}; }
  bool default_open() const override { return false; }
  bool prefers_tall() const override { return true; }   // a form read top to bottom, then tables

  void draw(AppState& app) override {
    wrapped_disabled("Does backprop compute the gradient of the cost? Compare it, parameter by parameter, with "
                     "(J(\u03B8+\u03B5) \u2212 J(\u03B8\u2212\u03B5)) / 2\u03B5 on the live network.");
    draw_how_it_works();
    draw_mistake_selector();
    draw_settings(app);
    draw_run(app);
    const GradcheckJob& job = app.gradcheck();
    if (job.id() == 0) {
      ImGui::TextDisabled("No check run yet: choose a mistake (or none) and press Run.");
    } else {
      draw_verdict(app, job);
      draw_layer_table(job);
      draw_param_table(job);
    }
  }

 private:
  GradcheckRequest req_;
  bool by_layer_ = false;     // false: a random sample of req_.samples; true: all of req_.layer
  std::string error_;
  // Row order of the parameter table: keyed on the job id and how many results it had.
  std::vector<int> order_;
  unsigned long long order_id_ = 0;
  std::size_t order_count_ = 0;
  int sort_column_ = 4;
  bool sort_descending_ = true;

  // ------------------------------------------------------------------ request
  void draw_mistake_selector() {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Common mistakes:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    if (begin_combo("##mistake", mistake_title(req_.mistake))) {
      for (int k = 0; k < kNotebookMistakes; ++k) {
        const NotebookMistake m = static_cast<NotebookMistake>(k);
        if (ImGui::Selectable(mistake_title(m), m == req_.mistake)) req_.mistake = m;
        name_item(std::string("gradcheck:mistake:") + mistake_id(m));
      }
      ImGui::EndCombo();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.25f, 0.28f, 0.35f, 1.0f));
    wrapped((std::string("Why this matters: ") + mistake_why(req_.mistake)).c_str());
    ImGui::PopStyleColor();
  }

  void draw_settings(const AppState& app) {
    const float F = ImGui::GetFontSize();
    const Architecture& A = app.config().arch;
    // epsilon on a log scale, 1e-2 .. 1e-8
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("\u03B5");
    ImGui::SameLine();
    // A slider over log10(eps), -8 .. -2, in half decades (1e-8, 3.2e-8, 1e-7, ...); it shows eps.
    ImGui::SetNextItemWidth(9.0f * F);
    float decades = static_cast<float>(std::log10(req_.epsilon));
    char shown[32];
    std::snprintf(shown, sizeof shown, "%.1e", req_.epsilon);   // no '%' left: ImGui shows it as is
    if (slider_float("##eps", &decades, std::log10(float(kGradCheckMinEpsilon)), std::log10(float(kGradCheckMaxEpsilon)),
                     shown, ImGuiSliderFlags_NoInput | ImGuiSliderFlags_NoRoundToFormat, 0.5f))   // arrow keys: half decades
      req_.epsilon = std::pow(10.0, std::round(2.0 * decades) / 2.0);
    req_.epsilon = std::clamp(req_.epsilon, kGradCheckMinEpsilon, kGradCheckMaxEpsilon);
    ImGui::SameLine();
    if (ImGui::SmallButton("1e-4")) req_.epsilon = kGradCheckDefaultEpsilon;
    ImGui::SameLine();
    bool lambda_on = req_.lambda_on;
    char label[48];
    std::snprintf(label, sizeof label, "\u03BB on (%g)", app.config().lambda);
    if (ImGui::Checkbox(label, &lambda_on)) req_.lambda_on = lambda_on;

    // which parameters
    if (ImGui::RadioButton("random sample of", !by_layer_)) by_layer_ = false;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(5.0f * F);
    input_int("##samples", &req_.samples, 0, 0);
    req_.samples = std::clamp(req_.samples, 1, static_cast<int>(std::min<Index>(A.param_count(), 1000000)));
    ImGui::SameLine();
    if (ImGui::RadioButton("all of layer", by_layer_)) by_layer_ = true;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(6.5f * F);
    int layer = std::clamp(req_.layer, 1, A.layers());
    if (input_int("##layer", &layer, 1, 1)) by_layer_ = true;
    req_.layer = std::clamp(layer, 1, A.layers());
  }

  void draw_run(AppState& app) {
    const GradcheckJob& job = app.gradcheck();
    char counted[64];
    std::snprintf(counted, sizeof counted, "%zu / %zu parameters%s", job.run().checked(), job.run().total(),
                  job.state() == JobState::Cancelled ? " (cancelled)" : "");
    const JobAction a = job_controls(job.running(), job.progress(), counted,
                                     "Check the gradient (in slices: the page stays responsive; Cancel stops it).");
    if (a == JobAction::Cancel) app.gradcheck().cancel();
    if (a == JobAction::Run) {
      GradcheckRequest q = req_;
      if (!by_layer_) q.layer = 0;
      q.seed = job.id() + 1;   // a fresh random sample each run (the API's default seed is 1)
      const Status s = app.start_gradcheck(q);
      error_ = s.ok() ? std::string() : s.message();
    }
    if (!job.running() && job.run().total() > 0) {
      ImGui::SameLine();
      ImGui::AlignTextToFramePadding();
      ImGui::TextDisabled("last run: %s", counted);
    }
    if (!error_.empty()) ImGui::TextColored(kFailColour, "%s", error_.c_str());
  }

  // ------------------------------------------------------------------ results
  void draw_verdict(const AppState& app, const GradcheckJob& job) {
    const GradCheckRun& run = job.run();
    const GradcheckRequest& q = job.request();
    char what[160];
    std::snprintf(what, sizeof what, "%s, \u03B5 = %.0e, \u03BB = %g, %s", mistake_id(q.mistake), q.epsilon,
                  job.lambda(), q.layer > 0 ? ("all of layer " + std::to_string(q.layer)).c_str()
                                            : (std::to_string(run.total()) + " random parameters").c_str());
    ImGui::Separator();
    ImGui::TextDisabled("Checked: %s", what);
    if (app.weights_version() != job.weights_version())
      ImGui::TextDisabled("(on the weights of when it started; training has moved them since)");
    if (job.running()) {
      ImGui::TextUnformatted("Checking...");
      return;
    }
    if (job.state() == JobState::Cancelled) ImGui::TextDisabled("Cancelled: the verdict covers the parameters checked.");
    const bool pass = run.pass();
    ImGui::SetWindowFontScale(1.8f);
    ImGui::TextColored(pass ? kPassColour : kFailColour, "%s", pass ? "\u2713 PASS" : "\u2717 FAIL");
    ImGui::SetWindowFontScale(1.0f);
    name_item(pass ? "gradcheck:verdict:pass" : "gradcheck:verdict:fail");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    char line[200];
    if (pass)
      std::snprintf(line, sizeof line, "max relative error %.1e < %.0e", run.max_rel_error(), run.threshold());
    else
      std::snprintf(line, sizeof line, "layer %d breaks (max relative error %.2g \u2265 %.0e); failing: layer%s %s",
                    run.worst_layer(), run.max_rel_error(), run.threshold(), job.failing_layers().size() > 1 ? "s" : "",
                    layer_list(job.failing_layers()).c_str());
    wrapped(line);
    wrapped(verdict_note(job).c_str());
    if (q.mistake == NotebookMistake::LogInit) draw_init_ranges(job);
  }

  // What this result means for the chosen mistake.
  static std::string verdict_note(const GradcheckJob& job) {
    const bool pass = job.run().pass();
    const GradcheckRequest& q = job.request();
    switch (q.mistake) {
      case NotebookMistake::None:
        if (pass) return "Backprop agrees with the numerical derivatives: this gradient is the cost's.";
        if (q.epsilon >= 1e-3)
          return "The correct gradient fails because \u03B5 is too large: the central difference's truncation error "
                 "grows like \u03B5\u00B2. Try \u03B5 = 1e-4.";
        if (q.epsilon <= 1e-6)
          return "The correct gradient fails because \u03B5 is too small: J(\u03B8\u00B1\u03B5) differ in their last "
                 "digits only, and that round-off divided by 2\u03B5 grows like 1/\u03B5. Try \u03B5 = 1e-4.";
        return "The correct gradient fails here: a ReLU kink between \u03B8\u2212\u03B5 and \u03B8+\u03B5, or inputs of "
               "a large scale (standardized) make the difference less exact. Try another \u03B5.";
      case NotebookMistake::Log10:
        return pass ? "Not caught this time (unexpected): run it again or with more parameters."
                    : "Every layer fails: the numerical derivative of the log10 cost is about 1/ln 10 = 0.434 of "
                      "backprop's (the \u03BB part aside).";
      case NotebookMistake::SigmoidPrimeOfA:
        return pass ? "With ReLU the bug is harmless (a > 0 exactly when z > 0); with sigmoid or tanh, sample "
                      "more parameters."
                    : "The hidden layers fail and the output layer passes: \u03B4 of the output layer is a \u2212 y "
                      "(no g\u2032), every hidden \u03B4 goes through the wrong g\u2032.";
      case NotebookMistake::RegularizeWrongColumn:
        if (pass && job.lambda() == 0.0)
          return "\u03BB is off (or 0), so the regularizer and its bug are not in the check at all. Turn \u03BB on.";
        return pass ? "Only a few entries are wrong (column 1 of each W and the biases): this sample missed "
                      "them. Check all of a layer."
                    : "Only column 1 of each W (its \u03BB term left out) and the biases (regularized by mistake) "
                      "fail; see the table, worst first.";
      case NotebookMistake::SameOffset:
        return pass ? "Not caught this time (unexpected): check all of layer 2."
                    : "Layer 2 reads layer 1's numbers, so the cost does not depend on layer 2's own weights: their "
                      "numerical derivatives are exactly 0. Layer 1's first entries fail too (layer 2 reads them).";
      case NotebookMistake::LogInit:
        return "The check passes, and yet the init is wrong. A gradient check only asks whether the gradient "
               "belongs to the cost at the weights it is given; it cannot judge those weights. Only training "
               "can: the learning curve from this init differs from the engine's. How much depends on the "
               "layer sizes: on 64-25-10 the ranges below are only x1.2..1.5 too wide and CG's curve barely "
               "moves (96.9% vs 97.5% validation after 60 iterations), so this bug can hide for a long time; "
               "for 1024 + 1024 units log gives \u00B10.235 instead of \u00B10.054.";
    }
    return "";
  }

  static void draw_init_ranges(const GradcheckJob& job) {
    const Architecture& A = job.run().arch();
    const std::vector<double>& bad = job.init_ranges();
    const std::vector<double>& good = job.engine_init_ranges();
    if (!ImGui::BeginTable("##ranges", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("layer");
    ImGui::TableSetupColumn("sqrt(6)/sqrt(in+out)");
    ImGui::TableSetupColumn("log(6)/log(in+out)");
    ImGui::TableSetupColumn("ratio");
    ImGui::TableHeadersRow();
    for (std::size_t l = 0; l < bad.size() && l < good.size(); ++l) {
      const int L = static_cast<int>(l) + 1;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d (%d\u2192%d)", L, A.units(L - 1), A.units(L));
      ImGui::TableNextColumn();
      ImGui::Text("\u00B1%.3f", good[l]);
      ImGui::TableNextColumn();
      ImGui::Text("\u00B1%.3f", bad[l]);
      ImGui::TableNextColumn();
      ImGui::Text("\u00D7%.2f", bad[l] / good[l]);
    }
    ImGui::EndTable();
  }

  static void draw_layer_table(const GradcheckJob& job) {
    const GradCheckRun& run = job.run();
    const Architecture& A = run.arch();
    ImGui::TextUnformatted("Per layer");
    // Scrolls sideways in a narrow panel (columns keep their widths instead of being cut off).
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2.0f * st.CellPadding.y;
    const float h = (static_cast<float>(run.layers().size()) + 1.0f) * row_h + st.ScrollbarSize + 2.0f;
    if (!ImGui::BeginTable("##layers", 6, flags, ImVec2(0.0f, h))) return;
    ImGui::TableSetupColumn("layer");
    ImGui::TableSetupColumn("checked");
    ImGui::TableSetupColumn("failed");
    ImGui::TableSetupColumn("max rel. error");
    ImGui::TableSetupColumn("worst entry");
    ImGui::TableSetupColumn("verdict");
    ImGui::TableHeadersRow();
    for (const LayerCheck& L : run.layers()) {
      ImGui::TableNextRow();
      if (L.failed > 0) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, kFailRowBg);
      ImGui::TableNextColumn();
      ImGui::Text("%d (%dx%d + %d)", L.layer, A.units(L.layer), A.units(L.layer - 1), A.units(L.layer));
      ImGui::TableNextColumn();
      ImGui::Text("%d", L.checked);
      ImGui::TableNextColumn();
      ImGui::Text("%d", L.failed);
      ImGui::TableNextColumn();
      if (L.checked > 0)
        ImGui::Text("%.2e", L.max_rel_error);
      else
        ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (L.worst >= 0)
        ImGui::TextUnformatted(param_label(run.results()[static_cast<std::size_t>(L.worst)].ref).c_str());
      ImGui::TableNextColumn();
      if (L.checked == 0)
        ImGui::TextDisabled("not checked");
      else
        ImGui::TextColored(L.failed > 0 ? kFailColour : kPassColour, "%s",
                           L.failed > 0 ? "\u2717 breaks" : "\u2713 ok");
    }
    ImGui::EndTable();
  }

  void refresh_order(const GradcheckJob& job) {
    const std::vector<ParamCheck>& r = job.run().results();
    if (order_id_ == job.id() && order_count_ == r.size()) return;
    order_.resize(r.size());
    for (std::size_t i = 0; i < r.size(); ++i) order_[i] = static_cast<int>(i);
    auto key = [&](int i) -> double {
      const ParamCheck& p = r[static_cast<std::size_t>(i)];
      switch (sort_column_) {
        case 0: return double(p.ref.layer);
        case 1: return double(p.index);
        case 2: return p.analytic;
        case 3: return p.numeric;
        default: return p.rel_error;
      }
    };
    std::vector<double> keys(order_.size());
    for (std::size_t i = 0; i < order_.size(); ++i) keys[i] = sort_descending_ ? -key(static_cast<int>(i)) : key(static_cast<int>(i));
    stable_sort_by_key(order_, keys);
    order_id_ = job.id();
    order_count_ = r.size();
  }

  void draw_param_table(const GradcheckJob& job) {
    const GradCheckRun& run = job.run();
    ImGui::Text("Per parameter (%zu checked; click a column header to sort, worst first by default)",
                run.results().size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_Sortable |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_SizingFixedFit;
    const float h = std::max(6.0f, std::min(14.0f, float(run.results().size()) + 1.5f)) * ImGui::GetFrameHeight();
    if (!ImGui::BeginTable("##params", 6, flags, ImVec2(0.0f, h))) return;
    ImGui::TableSetupScrollFreeze(2, 1);
    ImGui::TableSetupColumn("layer", ImGuiTableColumnFlags_PreferSortDescending);
    ImGui::TableSetupColumn("parameter");
    ImGui::TableSetupColumn("backprop", ImGuiTableColumnFlags_PreferSortDescending);
    ImGui::TableSetupColumn("numeric", ImGuiTableColumnFlags_PreferSortDescending);
    ImGui::TableSetupColumn("rel. error", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending);
    ImGui::TableSetupColumn("ok", ImGuiTableColumnFlags_NoSort);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
      sort_column_ = specs->Specs[0].ColumnIndex;
      sort_descending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
      specs->SpecsDirty = false;
      order_id_ = 0;   // re-sort
    }
    refresh_order(job);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order_.size()));
    while (clipper.Step())
      for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) draw_param_row(run, order_[static_cast<std::size_t>(k)]);
    ImGui::EndTable();
  }

  static void draw_param_row(const GradCheckRun& run, int i) {
    const ParamCheck& p = run.results()[static_cast<std::size_t>(i)];
    const bool ok = p.rel_error < run.threshold();
    ImGui::TableNextRow();
    if (!ok) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, kFailRowBg);
    ImGui::TableNextColumn();
    ImGui::Text("%d", p.ref.layer);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(param_label(p.ref).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%+.6e", p.analytic);
    ImGui::TableNextColumn();
    ImGui::Text("%+.6e", p.numeric);
    ImGui::TableNextColumn();
    ImGui::Text("%.2e", p.rel_error);
    ImGui::TableNextColumn();
    ImGui::TextColored(ok ? kPassColour : kFailColour, "%s", ok ? "\u2713" : "\u2717");
  }

  // ------------------------------------------------------------------ explanation (click to open)
  static void draw_how_it_works() {
    const bool open = ImGui::CollapsingHeader("How the check works");
    if (!open) return;
    char text[2400];
    std::snprintf(
        text, sizeof text,
        "For each chosen parameter \u03B8_i: numeric = (J(\u03B8 + \u03B5e_i) \u2212 J(\u03B8 \u2212 \u03B5e_i)) / 2\u03B5, "
        "two evaluations of the cost; analytic = backprop's \u2202J/\u2202\u03B8_i (one backward pass for all). "
        "relative error = |numeric \u2212 analytic| / max(|numeric| + |analytic|, %.0e). "
        "PASS when every checked parameter is below %.0e. W2[3, 17] is the weight from unit 17 of layer 1 to "
        "unit 3 of layer 2, b2[3] that unit's bias (counted from 1).\n\n"
        "J is the cost on the first %d images of the training split (scaled as in training), with the "
        "regularizer \u03BB/(2m)\u2211W\u00B2 normalized by the training set's size m as in training. The weights "
        "are the live network's at the moment Run is pressed (the log-init mistake uses weights drawn with its "
        "own range instead). The check runs a few milliseconds per frame, so the page never freezes.\n\n"
        "Why %.0e: on this network the correct gradient's worst entry stays near 1e-6..1e-5 at \u03B5 = 1e-4 (what is "
        "left is round-off in J), while every broken variant's failing layer reaches 5e-3..1. Below %.0e an entry "
        "is compared in absolute terms, because J's round-off (~1e-13 per derivative) would swamp it.\n\n"
        "The mistakes are the original notebook's bugs, kept in their own teaching file "
        "(src/nn/notebook_mistakes.cpp); the real engine never runs them.",
        kGradCheckTiny, kGradCheckThreshold, kGradcheckBatch, kGradCheckThreshold, kGradCheckTiny);
    wrapped(text);
    name_item("gradcheck:how:text");
  }
};

}  // namespace

std::unique_ptr<Panel> make_gradcheck_panel() { return std::make_unique<GradcheckPanel>(); }

}  // namespace bpl::ui
