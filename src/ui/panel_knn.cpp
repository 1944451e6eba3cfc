// kNN panel: the notebook's experiment, rerun in the page.
//   Cross-validation - mean accuracy for k = 1..15 under k-fold CV (folds in file order, the
//                      notebook's, or shuffled and stratified), raw / (/16) / standardized
//                      inputs; the per-fold spread as the lowest and highest fold. Run/Cancel,
//                      progress. Computed by the app's KnnJob in time slices.
//   Current input    - kNN's vote for the current input with its k nearest training images and
//                      their distances, beside the network's answer.
//   Network vs kNN   - test accuracy, model memory and time per prediction, measured here.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "ui/panel.hpp"
#include "ui/plot.hpp"

namespace bpl::ui {
namespace {

constexpr ImU32 kMeanColour = IM_COL32(31, 119, 180, 255);
constexpr ImU32 kSpreadColour = IM_COL32(140, 170, 200, 255);
const ImVec4 kKnnText(0.0f, 0.45f, 0.70f, 1.0f);
const ImVec4 kNetText(0.84f, 0.37f, 0.0f, 1.0f);

const char* const kScalingNames[] = {"raw 0..16", "divided by 16", "standardized"};

int argmax(const VecF& p) {
  int best = 0;
  for (int k = 1; k < p.size(); ++k)
    if (p[k] > p[best]) best = k;
  return best;
}

void format_bytes(char* buf, int n, std::size_t bytes) {
  if (bytes >= 1024 * 1024)
    std::snprintf(buf, static_cast<std::size_t>(n), "%.2f MB", bytes / (1024.0 * 1024.0));
  else
    std::snprintf(buf, static_cast<std::size_t>(n), "%.1f KB", bytes / 1024.0);
}

class KnnPanel final : public Panel {
 public:
  const char* name() const override { return "knn"; }
  const char* title() const override { return "kNN: the notebook's baseline"; }
  Slot slot() const override { return {0.0f, 0.5f, 0.4f, 0.5f}; }
  bool default_open() const override { return false; }

  void draw(AppState& app) override {
    if (!ImGui::BeginTabBar("##knn_tabs")) return;
    const bool cv = tab_item("Cross-validation", "Mean accuracy for every k under k-fold cross-validation, as in the notebook.");
    if (cv) {
      draw_cv(app);
      ImGui::EndTabItem();
    }
    const bool input = tab_item("Current input", "What kNN says for the current input, and why: its nearest training images.");
    if (input) {
      draw_input(app);
      ImGui::EndTabItem();
    }
    const bool compare = tab_item("Network vs kNN", "Test accuracy, memory and time per prediction, measured in this page.");
    if (compare) {
      draw_comparison(app);
      ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
  }

 private:
  // ---------------------------------------------------------------- cross-validation
  void draw_cv(AppState& app) {
    KnnJob& job = app.experiments().knn;
    draw_cv_options();
    draw_run_controls(app, job);
    const KnnCvResult* r = job.result();
    if (!r) {
      ImGui::TextDisabled("Press Run: %d-fold cross-validation of k = 1..15 on all 1,797 images.", opt_.folds);
      return;
    }
    refresh_series(job);
    draw_cv_summary(job, *r);
    draw_cv_plot();
  }

  void draw_cv_options() {
    const float font = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(font * 6.0f);
    slider_int("folds", &opt_.folds, 2, 10);
    tooltip("The data are cut into this many parts; each part is classified by kNN on the others.");
    ImGui::SameLine();
    ImGui::Checkbox("shuffled, stratified", &opt_.shuffle);
    tooltip("Off: consecutive blocks in file order (the notebook's KFold). On: the images are shuffled "
            "(seeded) and every fold gets the same share of each digit.");
    if (opt_.shuffle) {
      ImGui::SameLine();
      int seed = static_cast<int>(opt_.seed);
      ImGui::SetNextItemWidth(font * 5.0f);
      if (input_int("seed", &seed)) opt_.seed = static_cast<std::uint64_t>(std::max(0, seed));
    }
    int scaling = static_cast<int>(opt_.scaling);
    ImGui::SetNextItemWidth(font * 9.0f);
    if (combo("inputs", &scaling, kScalingNames, 3)) opt_.scaling = static_cast<KnnScaling>(scaling);
    ImGui::SameLine();
    help_marker("kNN compares images by Euclidean distance. Dividing every pixel by 16 changes no "
                "distance ranking (the same results as raw). Standardizing gives every pixel the same "
                "spread, fitted on each fold's training images, and changes which pixels count most.", "knn:help:scaling");
  }

  void draw_run_controls(AppState& app, KnnJob& job) {
    char label[32];
    std::snprintf(label, sizeof label, "%.0f%%", 100.0 * job.progress());
    const JobAction a = job_controls(job.running(), job.progress(), label,
                                     "Run the cross-validation (in slices: the page stays responsive; Cancel stops it).");
    if (a == JobAction::Cancel) job.cancel();
    if (a == JobAction::Run) {
      const Status s = job.start(app.data(), opt_);
      if (!s.ok()) app.set_error("kNN: " + s.message());
    }
  }

  void refresh_series(const KnnJob& job) {
    if (series_run_ == job.runs_completed()) return;
    series_run_ = job.runs_completed();
    const KnnCvResult& r = *job.result();
    const std::size_t K = r.mean_accuracy.size();
    ks_.resize(K);
    mean_.resize(K);
    lo_.resize(K);
    hi_.resize(K);
    for (std::size_t k = 0; k < K; ++k) {
      ks_[k] = static_cast<double>(k + 1);
      mean_[k] = 100.0 * r.mean_accuracy[k];
      lo_[k] = 1e9;
      hi_[k] = -1e9;
      for (const std::vector<double>& f : r.fold_accuracy) {
        lo_[k] = std::min(lo_[k], 100.0 * f[k]);
        hi_[k] = std::max(hi_[k], 100.0 * f[k]);
      }
    }
  }

  void draw_cv_summary(const KnnJob& job, const KnnCvResult& r) {
    const int best = r.best_k();
    const KnnCvOptions& o = job.result_options();
    ImGui::Text("Best k = %d: %.2f%% mean accuracy", best, 100.0 * r.mean_accuracy[static_cast<std::size_t>(best - 1)]);
    ImGui::SameLine();
    ImGui::TextDisabled("(%d %s folds, %s inputs, %.0f ms)", static_cast<int>(r.folds.size()),
                        o.shuffle ? "stratified" : "file-order", kScalingNames[static_cast<int>(o.scaling)],
                        job.last_run_ms());
  }

  void draw_cv_plot() {
    std::vector<PlotSeries> s;
    s.push_back({"mean of the folds", kMeanColour, &mean_, nullptr, false, nullptr});
    s.push_back({"worst fold", kSpreadColour, &lo_, &show_spread_, true, nullptr});
    s.push_back({"best fold", kSpreadColour, &hi_, &show_spread_, true, nullptr});
    PlotOptions po;
    po.title = "Accuracy vs k";
    po.title_help = "Cross-validated accuracy for each number of neighbours k. The dashed lines are the "
                    "lowest and highest fold: the spread between folds.";
    po.x_label = "k (neighbours that vote)";
    po.x_name = "k";
    po.x_integer = true;
    po.y_suffix = "%";
    po.y_format = "%.2f";
    po.height = std::max(ImGui::GetFontSize() * 10.0f, ImGui::GetContentRegionAvail().y);
    line_plot("##knn_cv", ks_, s, po);
  }

  // ---------------------------------------------------------------- current input
  void draw_input(AppState& app) {
    const float font = ImGui::GetFontSize();
    if (!app.has_input()) {
      ImGui::TextDisabled("Draw a digit in the Sketch panel or click an image in the Data panel.");
      return;
    }
    const InputNeighbours& nb = app.input_neighbours();
    if (!nb.error.empty()) {
      ImGui::TextWrapped("%s", nb.error.c_str());
      return;
    }
    if (nb.vote < 0) return;
    const int net = argmax(app.input_probabilities());
    ImGui::Text("kNN (k = %d) says", InputNeighbours::kVote);
    ImGui::SameLine();
    ImGui::TextColored(kKnnText, "%d", nb.vote);
    ImGui::SameLine();
    ImGui::TextDisabled("(%d of %d votes)", nb.votes, InputNeighbours::kVote);
    ImGui::SameLine(0, font);
    ImGui::Text("the network says");
    ImGui::SameLine();
    ImGui::TextColored(kNetText, "%d", net);
    ImGui::SameLine();
    ImGui::TextDisabled(net == nb.vote ? "(they agree)" : "(they disagree)");
    ImGui::TextDisabled("The %d nearest training images (label \u00B7 distance in pixel units); the first %d vote:",
                        static_cast<int>(nb.index.size()), InputNeighbours::kVote);
    draw_neighbours(app, nb);
  }

  void draw_neighbours(AppState& app, const InputNeighbours& nb) {
    const float font = ImGui::GetFontSize();
    const float cell = std::round(font * 0.35f);
    const float item_w = std::max(cell * 8.0f, ImGui::CalcTextSize("9 \u00B7 99.9").x) + font * 0.5f;
    const int per_row = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / item_w));
    for (std::size_t j = 0; j < nb.index.size(); ++j) {
      if (j % static_cast<std::size_t>(per_row) != 0) ImGui::SameLine(0, 0);
      ImGui::BeginGroup();
      ImGui::PushID(nb.index[j]);
      bool hovered = false;
      if (digit_thumbnail(app.data().X.col(nb.index[j]).data(), cell, false, &hovered))
        app.set_focus_example(nb.index[j]);
      tooltip("Click to make this training image the current input.");
      const bool voter = static_cast<int>(j) < InputNeighbours::kVote;
      ImGui::TextColored(voter ? kKnnText : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), "%d \u00B7 %.1f",
                         nb.label[j], nb.distance[j]);
      ImGui::Dummy(ImVec2(item_w, 0));
      ImGui::PopID();
      ImGui::EndGroup();
    }
  }

  // ---------------------------------------------------------------- comparison
  void start_comparison(AppState& app, KnnJob& job) {
    if (const Status s = job.start_comparison(k_); !s.ok()) app.set_error("kNN: " + s.message());
  }

  void draw_comparison(AppState& app) {
    KnnJob& job = app.experiments().knn;
    const KnnComparison& c = job.comparison();
    if (!job.comparing() && !c.done && !auto_started_) {   // measure once when first shown
      auto_started_ = true;
      start_comparison(app, job);
    }
    if (job.comparing()) {
      ImGui::ProgressBar(static_cast<float>(job.comparison_progress()), ImVec2(-1, 0), "measuring...");
    } else {
      if (ImGui::Button("Measure again")) start_comparison(app, job);
      ImGui::SameLine();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.0f);
      slider_int("k for kNN", &k_, 1, 15);
    }
    if (!c.done) return;
    draw_comparison_table(app, c);
    ImGui::TextWrapped("kNN keeps every training image and compares the input with all of them; the network "
                       "keeps only its weights. Neither number explains a decision by itself, but the "
                       "network's weights can be looked at (Weights panel).");
  }

  void draw_comparison_table(const AppState& app, const KnnComparison& c) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##cmp", 3, flags)) return;
    ImGui::TableSetupColumn("measured in this page");
    ImGui::TableSetupColumn("network");
    char knn_head[32];
    std::snprintf(knn_head, sizeof knn_head, "kNN (k = %d)", c.k);
    ImGui::TableSetupColumn(knn_head);
    ImGui::TableHeadersRow();
    char a[48], b[48];
    std::snprintf(a, sizeof a, "%.2f%%", 100.0 * c.net_accuracy);
    std::snprintf(b, sizeof b, "%.2f%%", 100.0 * c.knn_accuracy);
    row("test accuracy", a, b, "On the test split (never trained on), with the weights at the time of measuring.");
    format_bytes(a, sizeof a, c.net_bytes);
    format_bytes(b, sizeof b, c.knn_bytes);
    row("model memory", a, b, "What each keeps to classify: the network's parameters (4-byte floats) and input "
                              "scaling; kNN's training images (64 8-byte values each) and labels.");
    std::snprintf(a, sizeof a, "%.2f \u00B5s", c.net_us);
    std::snprintf(b, sizeof b, "%.1f \u00B5s", c.knn_us);
    row("time per prediction", a, b, "One image at a time, averaged over the test split, in this browser.");
    std::snprintf(a, sizeof a, "%d", c.n_train);
    row("training images", a, a, "Both learn from the same training split (kNN keeps it).");
    ImGui::EndTable();
    (void)app;
  }

  static void row(const char* what, const char* net, const char* knn, const char* tip) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextUnformatted(what);
    tooltip(tip);
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(net);
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(knn);
  }

  KnnCvOptions opt_;
  int k_ = InputNeighbours::kVote;
  bool auto_started_ = false;
  bool show_spread_ = true;
  unsigned long long series_run_ = 0;
  std::vector<double> ks_, mean_, lo_, hi_;
};

}  // namespace

std::unique_ptr<Panel> make_knn_panel() { return std::make_unique<KnnPanel>(); }

}  // namespace bpl::ui
