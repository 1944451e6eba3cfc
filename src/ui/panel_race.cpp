// Optimizer race panel: 2..5 optimizers train the main network's architecture from the same
// initial weights side by side (src/app/race.hpp), sharing the training budget fairly. The
// panel edits the line-up, starts/pauses/resets the runners together, plots validation loss
// against iterations, cost/gradient evaluations (the fair axis for line-search methods), epochs
// or training time, one Okabe-Ito colour per optimizer, and tabulates where each one is.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "optim/optimizer_registry.hpp"
#include "ui/panel.hpp"
#include "ui/plot.hpp"
#include "ui/wall_clock.hpp"

namespace bpl::ui {
namespace {

enum RaceAxis { kIterations = 0, kEvaluations = 1, kEpochs = 2, kWallTime = 3 };
const char* const kAxisNames[] = {"Iterations", "Evaluations", "Epochs", "Compute time"};
const char* const kAxisLabels[] = {"iterations (optimizer steps)", "cost/gradient evaluations",
                                   "epochs (passes over the training images)", "compute time (s)"};

double axis_value(const HistoryPoint& p, int axis) {
  switch (axis) {
    case kEvaluations: return static_cast<double>(p.evaluations);
    case kEpochs: return p.epoch;
    case kWallTime: return p.elapsed_ms / 1000.0;
    default: return p.iteration;
  }
}

// One runner's curve, rebuilt when its history or the axis changes.
struct Curve {
  SessionId session = kNoSession;
  unsigned long long history_version = 0;
  int axis = -1;
  std::vector<double> x, val_loss;
};

class RacePanel final : public Panel {
 public:
  const char* name() const override { return "race"; }
  const char* title() const override { return "Optimizer race"; }
  Slot slot() const override { return {0.24f, 0.0f, 0.40f, 0.5f}; }
  bool default_open() const override { return false; }

  void draw(AppState& app) override {
    F_ = ImGui::GetFontSize();
    fold_when_a_race_starts(app);
    draw_lineup();
    draw_controls(app);
    if (!app.race().active()) {
      ImGui::TextDisabled("Pick 2 to 5 optimizers and start: they train the Network panel's architecture");
      ImGui::TextDisabled("from the same initial weights, side by side.");
      return;
    }
    draw_axis_selector();
    draw_results(app);
  }

  // The plot and the standings: side by side in a wide panel, else the table under the plot.
  void draw_results(const AppState& app) {
    const float w = ImGui::GetContentRegionAvail().x;
    if (w > 55.0f * F_) {
      const float table_w = std::min(38.0f * F_, 0.48f * w);   // 8 columns (compute and wall time)
      ImGui::BeginChild("##race_plot", ImVec2(w - table_w - ImGui::GetStyle().ItemSpacing.x, 0), false);
      draw_plot(app, 0);
      ImGui::EndChild();
      ImGui::SameLine();
      ImGui::BeginChild("##race_table", ImVec2(0, 0), false);
      draw_table(app);
      ImGui::EndChild();
      return;
    }
    const float table_h = (static_cast<float>(app.race().runners().size()) + 1.0f) *
                              (ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2.0f) +
                          ImGui::GetStyle().ItemSpacing.y;
    draw_plot(app, std::max(7.0f * F_, ImGui::GetContentRegionAvail().y - table_h));
    draw_table(app);
  }

 private:
  float F_ = 13;
  std::vector<OptimizerConfig> lineup_ = default_race_setup().optimizers;
  int max_iterations_ = default_race_setup().max_iterations;
  int axis_ = kEvaluations;
  bool log_y_ = true;
  std::vector<Curve> curves_;
  std::vector<WallClock> walls_;   // per runner: the wall-clock time it trained (beside its compute)
  std::string error_;
  bool fold_lineup_ = false;   // fold the line-up once (a race just started: room for the plot)
  SessionId seen_first_runner_ = kNoSession;

  // A new race (from this panel or lab.race.start) folds the line-up to make room for the plot.
  void fold_when_a_race_starts(const AppState& app) {
    const auto& r = app.race().runners();
    const SessionId first = r.empty() ? kNoSession : r.front().session;
    if (first != seen_first_runner_ && first != kNoSession) fold_lineup_ = true;
    seen_first_runner_ = first;
  }

  // ------------------------------------------------------------------ line-up
  void draw_lineup() {
    if (fold_lineup_) ImGui::SetNextItemOpen(false);
    fold_lineup_ = false;
    const bool open = ImGui::CollapsingHeader("Line-up", ImGuiTreeNodeFlags_DefaultOpen);
    tooltip("The optimizers to race and their settings (click to fold or unfold).");
    if (!open) return;
    int remove = -1;
    for (std::size_t i = 0; i < lineup_.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (runner_row(static_cast<int>(i), &lineup_[i])) remove = static_cast<int>(i);
      ImGui::PopID();
    }
    if (remove >= 0) lineup_.erase(lineup_.begin() + remove);
    ImGui::BeginDisabled(lineup_.size() >= static_cast<std::size_t>(Race::kMaxRunners));
    if (ImGui::Button("+ Optimizer")) lineup_.push_back(OptimizerConfig::for_kind(OptimizerKind::SGD));
    ImGui::EndDisabled();
    tooltip("Add a runner (at most 5).");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(6.0f * F_);
    input_int("Limit", &max_iterations_, 10, 100);
    max_iterations_ = std::clamp(max_iterations_, 1, 100000);
    tooltip("Each runner stops after this many iterations (CG, L-BFGS) or epochs (SGD, momentum, Adam).");
  }

  // One runner: colour, optimizer, its settings, remove. Returns true when "remove" is clicked.
  bool runner_row(int i, OptimizerConfig* o) {
    colour_swatch(series_colour(i));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("Conjugate gradient").x + ImGui::GetFrameHeight() +
                            2.0f * ImGui::GetStyle().FramePadding.x);
    if (begin_combo("##kind", optimizer_info(o->kind).label)) {
      for (const OptimizerInfo& k : optimizers()) {
        if (ImGui::Selectable(k.label, k.kind == o->kind)) *o = o->switched_to(k.kind);
        tooltip(k.help);
      }
      ImGui::EndCombo();
    }
    runner_settings(o);
    ImGui::SameLine();
    ImGui::BeginDisabled(lineup_.size() <= static_cast<std::size_t>(Race::kMinRunners));
    const bool remove = ImGui::SmallButton("\u00D7");
    ImGui::EndDisabled();
    tooltip("Remove this runner (a race needs at least 2).");
    return remove;
  }

  void runner_settings(OptimizerConfig* o) {
    ImGui::SameLine();
    const OptimizerInfo& info = optimizer_info(o->kind);
    if (info.uses(OptimizerSetting::LearningRate)) {
      ImGui::SetNextItemWidth(5.5f * F_);
      double lr = o->learning_rate;
      if (input_double("lr", &lr, 0, 0, "%.4g") && std::isfinite(lr) && lr > 0) o->learning_rate = lr;
      tooltip("Learning rate: the step size of each minibatch update.");
      ImGui::SameLine();
      ImGui::SetNextItemWidth(4.0f * F_);
      input_int("batch", &o->batch_size, 0, 0);
      o->batch_size = std::clamp(o->batch_size, 1, 65536);
      tooltip("Images per minibatch.");
    } else if (info.uses(OptimizerSetting::History)) {
      ImGui::SetNextItemWidth(4.0f * F_);
      input_int("memory", &o->lbfgs_memory, 0, 0);
      o->lbfgs_memory = std::clamp(o->lbfgs_memory, 1, 100);
      tooltip("How many recent gradient changes L-BFGS remembers to estimate the curvature.");
    } else {
      ImGui::TextDisabled("line search, no learning rate");
    }
  }

  static void colour_swatch(ImU32 c) {
    const float s = ImGui::GetFrameHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(0.6f * s, s));
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 0.2f * s), ImVec2(p.x + 0.6f * s, p.y + 0.8f * s), c);
  }

  // ------------------------------------------------------------------ start / pause / reset
  void draw_controls(AppState& app) {
    Race& race = app.race();
    if (ImGui::Button(race.active() ? "Restart" : "Start race")) start(app);
    tooltip("Start the line-up above: every runner from the main network's initial weights. A race in "
            "progress is replaced.");
    if (race.active()) {
      const bool running = race.running(app);
      ImGui::SameLine();
      ImGui::BeginDisabled(race.finished(app));
      push_train_button_colors(running);
      if (ImGui::Button(running ? "Pause" : "Resume")) race.set_running(app, !running);
      ImGui::PopStyleColor(2);
      ImGui::EndDisabled();
      tooltip("Pause or resume every runner together.");
      ImGui::SameLine();
      if (ImGui::Button("Reset")) race.reset(app);
      tooltip("Every runner back to the same initial weights; curves cleared; paused.");
      ImGui::SameLine();
      if (ImGui::Button("End")) race.clear(app);
      tooltip("End the race (its trainings are removed).");
    }
    if (!error_.empty()) ImGui::TextColored(palette::kWrongText, "%s", error_.c_str());
  }

  void start(AppState& app) {
    RaceSetup setup;
    setup.optimizers = lineup_;
    setup.max_iterations = max_iterations_;
    const Status s = app.race().start(app, setup);
    error_ = s.ok() ? std::string() : s.message();
    curves_.clear();
  }

  // ------------------------------------------------------------------ table
  void draw_table(const AppState& app) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##standings", 8, flags)) return;
    const char* heads[] = {"Runner", "Iter.", "Epochs", "Evals", "Compute", "Wall", "Train acc", "Val acc"};
    for (const char* h : heads) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const auto& runners = app.race().runners();
    walls_.resize(runners.size());
    for (std::size_t i = 0; i < runners.size(); ++i) {
      const Session* s = app.session(runners[i].session);
      if (s) table_row(static_cast<int>(i), runners[i], *s);
    }
    ImGui::EndTable();
  }

  void table_row(int i, const Race::Runner& r, const Session& s) {
    const Trainer& t = s.trainer;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    colour_swatch(series_colour(i));
    ImGui::SameLine();
    ImGui::TextUnformatted(r.label.c_str());
    if (t.stopped()) tooltip(to_string(t.stop_reason()));
    ImGui::TableNextColumn();
    ImGui::Text("%d%s", t.iteration(), t.stopped() ? " (done)" : "");
    ImGui::TableNextColumn();
    ImGui::Text("%.1f", t.epoch());
    ImGui::TableNextColumn();
    char buf[32];
    format_thousands(buf, sizeof buf, t.evaluations());
    ImGui::TextUnformatted(buf);
    tooltip("Cost/gradient evaluations: a CG or L-BFGS iteration costs one per line-search trial over "
            "the whole training set; an SGD/momentum/Adam step costs one over a minibatch.");
    ImGui::TableNextColumn();
    format_duration(buf, sizeof buf, t.elapsed_ms());
    ImGui::TextUnformatted(buf);
    tooltip("Compute time: this runner's own time in its optimizer (the runners share the processor, "
            "and the page also draws, so the wall clock runs ahead of it).");
    ImGui::TableNextColumn();
    const double wall_ms = walls_[static_cast<std::size_t>(i)].update(s.training && !t.stopped(), t.evaluations(),
                                                                      ImGui::GetTime());
    format_duration(buf, sizeof buf, wall_ms);
    ImGui::TextUnformatted(buf);
    tooltip("Wall time: time on the clock while this runner was training, from the race's start.");
    const HistoryPoint* p = t.history().empty() ? nullptr : &t.history().back();
    ImGui::TableNextColumn();
    if (p) ImGui::Text("%.1f%%", 100.0 * p->train.accuracy);
    ImGui::TableNextColumn();
    if (p) ImGui::Text("%.1f%%", 100.0 * p->validation.accuracy);
  }

  // ------------------------------------------------------------------ plot
  void draw_axis_selector() {
    ImGui::SetNextItemWidth(9.0f * F_);
    combo("x axis", &axis_, kAxisNames, 4);
    tooltip("Iterations: optimizer steps (a CG iteration and an Adam minibatch count alike). "
            "Evaluations: cost/gradient computations, the fair axis for line-search methods. "
            "Epochs: passes over the training images. Compute time: the runner's own time in its optimizer.");
    ImGui::SameLine();
    ImGui::Checkbox("Log scale", &log_y_);
    tooltip("Validation loss on a logarithmic scale: late, small improvements stay visible.");
  }

  void draw_plot(const AppState& app, float height) {
    refresh_curves(app);
    std::vector<PlotSeries> series;
    const auto& runners = app.race().runners();
    for (std::size_t i = 0; i < curves_.size() && i < runners.size(); ++i) {
      PlotSeries s;
      s.label = runners[i].label.c_str();
      s.color = series_colour(static_cast<int>(i));
      s.x = &curves_[i].x;
      s.y = &curves_[i].val_loss;
      series.push_back(s);
    }
    PlotOptions o;
    o.title = "Validation loss";
    o.title_help = "The data term of the cost on the validation images (never trained on): lower is better.";
    o.x_label = kAxisLabels[axis_];
    o.x_name = kAxisNames[axis_];
    o.x_format = axis_ == kWallTime || axis_ == kEpochs ? "%.2f" : "%.0f";
    o.log_y = log_y_;
    o.empty_text = "The curves appear as the runners train.";
    o.height = height;
    line_plot("##raceplot", {}, series, o);
  }

  void refresh_curves(const AppState& app) {
    const auto& runners = app.race().runners();
    curves_.resize(runners.size());
    for (std::size_t i = 0; i < runners.size(); ++i) {
      Curve& c = curves_[i];
      const Session* s = app.session(runners[i].session);
      if (!s) continue;
      if (c.session == s->id && c.history_version == s->history_version && c.axis == axis_) continue;
      c.session = s->id;
      c.history_version = s->history_version;
      c.axis = axis_;
      const std::vector<HistoryPoint>& h = s->trainer.history();
      c.x.resize(h.size());
      c.val_loss.resize(h.size());
      for (std::size_t k = 0; k < h.size(); ++k) {
        c.x[k] = axis_value(h[k], axis_);
        c.val_loss[k] = h[k].validation.loss;
      }
    }
  }
};

}  // namespace

std::unique_ptr<Panel> make_race_panel() { return std::make_unique<RacePanel>(); }

}  // namespace bpl::ui
