// Bias / variance panel (Andrew Ng's course), each point a real training run in its own session:
//   lambda sweep      validation and training accuracy against lambda on a log scale;
//   learning curves   training and validation error against the number of training images.
// Run / Cancel, progress; the points are plotted (and tabulated) as they arrive. The app runs it
// (src/app/sweep.*); this panel edits the options and draws.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "app/app_state.hpp"
#include "ui/panel.hpp"
#include "ui/plot.hpp"

namespace bpl::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

class SweepPanel final : public Panel {
 public:
  const char* name() const override { return "sweep"; }
  const char* title() const override { return "Bias / variance"; }
  Slot slot() const override { return {0.5f, 0.5f, 0.5f, 0.5f}; }
  bool default_open() const override { return false; }

  void draw(AppState& app) override {
    Sweep& sweep = app.experiments().sweep;
    draw_options(sweep.running());
    draw_run_controls(app, sweep);
    if (sweep.points().empty()) {
      ImGui::TextDisabled("Press Run: every point trains the main network's architecture from scratch.");
      return;
    }
    refresh_series(sweep);
    draw_plot(sweep);
    draw_table(sweep);
  }

 private:
  void draw_options(bool running) {
    const float font = ImGui::GetFontSize();
    ImGui::BeginDisabled(running);
    int kind = static_cast<int>(kind_);
    ImGui::RadioButton("\u03BB (regularization)", &kind, static_cast<int>(SweepKind::Lambda));
    ImGui::SameLine();
    ImGui::RadioButton("training-set size", &kind, static_cast<int>(SweepKind::TrainSize));
    kind_ = static_cast<SweepKind>(kind);
    ImGui::SameLine();
    help_marker("\u03BB sweep: the same network trained with more and more weight decay. Small \u03BB fits the "
                "training images closely (high variance: training accuracy far above validation); large \u03BB "
                "keeps the weights small (high bias: both accuracies drop).\nLearning curves: the same "
                "network trained on 10%..100% of the training images. The gap between training and validation "
                "error is the variance; where both level off is the bias.");
    if (kind_ == SweepKind::Lambda) {
      ImGui::SetNextItemWidth(font * 5.0f);
      input_double("\u03BB from", &lambda_lo_, 0, 0, "%g");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(font * 5.0f);
      input_double("to", &lambda_hi_, 0, 0, "%g");
      lambda_lo_ = std::clamp(lambda_lo_, 1e-6, 1e6);
      lambda_hi_ = std::clamp(lambda_hi_, 1e-6, 1e6);
    } else {
      ImGui::TextUnformatted("from 10% to 100% of the training split");
    }
    ImGui::SameLine(0, font);
    draw_points_stepper();
    ImGui::SameLine(0, font);
    ImGui::SetNextItemWidth(font * 4.5f);
    input_int("iterations", &iterations_, 0, 0);
    iterations_ = std::clamp(iterations_, 1, 2000);
    tooltip("Per run: CG/L-BFGS iterations, or epochs for SGD, momentum and Adam.");
    ImGui::EndDisabled();
  }

  void draw_points_stepper() {
    ImGui::AlignTextToFramePadding();
    ImGui::Text("points");
    ImGui::SameLine();
    if (ImGui::Button("\u2212##fewer")) points_ = std::max(2, points_ - 1);
    ImGui::SameLine();
    ImGui::Text("%d", points_);
    ImGui::SameLine();
    if (ImGui::Button("+##more")) points_ = std::min(12, points_ + 1);
  }

  SweepOptions options() const {
    SweepOptions o;
    o.kind = kind_;
    o.iterations = iterations_;
    o.values = kind_ == SweepKind::Lambda ? sweep_values(kind_, lambda_lo_, lambda_hi_, points_)
                                          : sweep_values(kind_, 0.1, 1.0, points_);
    return o;
  }

  void draw_run_controls(AppState& app, Sweep& sweep) {
    char label[48];
    std::snprintf(label, sizeof label, "point %d of %d", sweep.current() + 1, static_cast<int>(sweep.points().size()));
    const JobAction a = job_controls(sweep.running(), sweep.progress(), label,
                                     "Train one network per point, one after another, beside the main network.");
    if (a == JobAction::Cancel) sweep.cancel(app);
    if (a == JobAction::Run) {
      const Status s = sweep.start(app, options());
      if (!s.ok()) app.set_error("sweep: " + s.message());
    }
  }

  void refresh_series(const Sweep& sweep) {
    if (series_version_ == sweep.version()) return;
    series_version_ = sweep.version();
    const std::vector<SweepPoint>& pts = sweep.points();
    const bool lambda = sweep.options().kind == SweepKind::Lambda;
    xs_.assign(pts.size(), kNaN);
    train_.assign(pts.size(), kNaN);
    val_.assign(pts.size(), kNaN);
    for (std::size_t i = 0; i < pts.size(); ++i) {
      const SweepPoint& p = pts[i];
      xs_[i] = lambda ? std::log10(std::max(p.value, 1e-12)) : static_cast<double>(p.train_size);
      if (!p.done) continue;
      // lambda: accuracy (higher is better); learning curves: error, as in the course
      train_[i] = 100.0 * (lambda ? p.train_accuracy : 1.0 - p.train_accuracy);
      val_[i] = 100.0 * (lambda ? p.validation_accuracy : 1.0 - p.validation_accuracy);
    }
  }

  void draw_plot(const Sweep& sweep) {
    const bool lambda = sweep.options().kind == SweepKind::Lambda;
    std::vector<PlotSeries> s;
    s.push_back({"validation", palette::kValidation, &val_, nullptr, true, nullptr});   // dashed, as in Training
    s.push_back({"training", palette::kTrain, &train_, nullptr, false, nullptr});
    PlotOptions po;
    po.title = lambda ? "Accuracy vs \u03BB" : "Error vs training-set size";
    po.title_help = lambda ? "Each point is a network trained with that \u03BB (x axis: log10 \u03BB)."
                           : "Each point is a network trained on that many training images; the validation "
                             "images are always the same.";
    po.x_label = lambda ? "log10 \u03BB" : "training images";
    po.x_name = lambda ? "log10 \u03BB" : "images";
    po.x_format = lambda ? "%.2f" : "%.0f";
    po.y_suffix = "%";
    po.y_format = "%.2f";
    po.empty_text = "the points appear here as their runs finish";
    po.height = std::max(ImGui::GetFontSize() * 8.0f, ImGui::GetContentRegionAvail().y - table_height(sweep));
    line_plot("##sweep", xs_, s, po);
  }

  static float table_height(const Sweep& sweep) {
    return (static_cast<float>(sweep.points().size()) + 1.5f) * ImGui::GetFrameHeightWithSpacing();
  }

  void draw_table(const Sweep& sweep) {
    const bool lambda = sweep.options().kind == SweepKind::Lambda;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##sweep_points", 5, flags)) return;
    ImGui::TableSetupColumn(lambda ? "\u03BB" : "training images");
    ImGui::TableSetupColumn("training acc.");
    ImGui::TableSetupColumn("validation acc.");
    ImGui::TableSetupColumn("iterations");
    ImGui::TableSetupColumn("time");
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < sweep.points().size(); ++i) {
      const SweepPoint& p = sweep.points()[i];
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      if (lambda) ImGui::Text("%g", p.value);
      else ImGui::Text("%d (%.0f%%)", p.train_size, 100.0 * p.value);
      ImGui::TableSetColumnIndex(1);
      if (!p.done) {
        ImGui::TextDisabled(static_cast<int>(i) == sweep.current() ? "training..." : "waiting");
        continue;
      }
      ImGui::Text("%.2f%%", 100.0 * p.train_accuracy);
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%.2f%%", 100.0 * p.validation_accuracy);
      ImGui::TableSetColumnIndex(3);
      ImGui::Text("%d", p.iterations);
      ImGui::TableSetColumnIndex(4);
      char t[32];
      format_duration(t, sizeof t, p.ms);
      ImGui::TextUnformatted(t);
    }
    ImGui::EndTable();
  }

  SweepKind kind_ = SweepKind::Lambda;
  double lambda_lo_ = 0.01, lambda_hi_ = 100.0;
  int points_ = 5;
  int iterations_ = 100;
  unsigned long long series_version_ = 0;
  std::vector<double> xs_, train_, val_;
};

}  // namespace

std::unique_ptr<Panel> make_sweep_panel() { return std::make_unique<SweepPanel>(); }

}  // namespace bpl::ui
