// Training panel: the learning curves. Loss and accuracy of the training and validation sets
// against iterations (full-batch optimizers) or epochs (minibatch optimizers) or training time,
// with a linked hover cursor that reads exact values, a log-scale option for the loss, the speed,
// the elapsed time, the number of cost/gradient evaluations, the stop reason and, once training
// stops or pauses, the test accuracy. Slow motion: a fixed number of optimizer steps per second
// (AppState::set_speed) and, for minibatch optimizers, a curve point after every step, so that
// single iterations can be watched.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/app_state.hpp"
#include "ui/panel.hpp"
#include "ui/plot.hpp"
#include "ui/wall_clock.hpp"

namespace bpl::ui {
namespace {

constexpr ImU32 kTrainColour = palette::kTrain;
constexpr ImU32 kValColour = palette::kValidation;
constexpr ImU32 kCostColour = palette::kCost;   // grey, solid (the validation curves are the dashed ones)

enum XAxis { kAuto = 0, kSteps = 1, kTime = 2 };

class TrainingPanel final : public Panel {
 public:
  const char* name() const override { return "training"; }
  const char* title() const override { return "Training: learning curves"; }
  Slot slot() const override { return {0.24f, 0.0f, 0.29f, 0.53f}; }

  void draw(AppState& app) override {
    F_ = ImGui::GetFontSize();
    const Trainer& t = app.trainer();
    const bool mb = is_minibatch(t.config().optim.kind);
    if (!mb && x_axis_ == kSteps) x_axis_ = kAuto;  // full batch: a step is an iteration
    refresh(t, app.history_version(), mb);
    draw_stats(app, mb);
    if (t.stop_reason() == StopReason::Diverged && t.divergence().happened) {
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(190, 30, 30, 255));
      ImGui::TextWrapped("%s", t.divergence_message().c_str());
      ImGui::PopStyleColor();
    }
    draw_controls(mb);
    draw_speed(app, mb);
    marker_x_ = divergence_x(t, mb);
    draw_plots(mb);
  }

 private:
  float F_ = 13;
  bool log_loss_ = false;
  bool show_cost_ = false;
  bool zoom_ = false;
  bool show_train_ = true, show_val_ = true;
  int x_axis_ = kAuto;
  int slow_speed_ = 5;   // the slider's value while slow motion is off
  int hover_ = -1;  // point hovered last frame (links the two plots' cursors)
  double marker_x_ = NAN;  // where training diverged, in the x axis' units (NaN: it did not)
  WallClock wall_;         // the wall-clock time while training ran (beside the compute time)

  // Where the blow-up happened on the current x axis: the step after the last finite point
  // (time and steps axes: at that point).
  double divergence_x(const Trainer& t, bool mb) const {
    const Divergence& d = t.divergence();
    if (!d.happened || t.history().empty()) return NAN;
    if (x_axis_ == kAuto) return mb ? d.epoch : static_cast<double>(d.iteration);
    return xs_.empty() ? NAN : xs_.back();
  }
  char note_[5][24] = {};

  // Series cache, rebuilt when the history grows or is cleared.
  std::vector<double> xs_, train_loss_, val_loss_, cost_, train_acc_, val_acc_;
  unsigned long long cached_history_ = 0;   // AppState::history_version()
  int cached_axis_ = -1;
  bool cached_mb_ = false;

  double x_of(const HistoryPoint& p, bool mb) const {
    if (x_axis_ == kTime) return p.elapsed_ms / 1000.0;
    if (x_axis_ == kSteps || !mb) return p.iteration;
    return p.epoch;
  }

  void refresh(const Trainer& t, unsigned long long history_version, bool mb) {
    if (history_version == cached_history_ && x_axis_ == cached_axis_ && mb == cached_mb_) return;
    const std::vector<HistoryPoint>& h = t.history();
    cached_history_ = history_version;
    cached_axis_ = x_axis_;
    cached_mb_ = mb;
    const std::size_t n = h.size();
    xs_.resize(n);
    train_loss_.resize(n);
    val_loss_.resize(n);
    cost_.resize(n);
    train_acc_.resize(n);
    val_acc_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const HistoryPoint& p = h[i];
      xs_[i] = x_of(p, mb);
      train_loss_[i] = p.train.loss;
      val_loss_[i] = p.validation.loss;
      cost_[i] = p.cost;
      train_acc_[i] = 100.0 * p.train.accuracy;
      val_acc_[i] = 100.0 * p.validation.accuracy;
    }
    if (hover_ >= static_cast<int>(n)) hover_ = -1;
  }

  // ------------------------------------------------------------------ numbers
  void sep() {
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
  }

  void draw_stats(AppState& app, bool mb) {
    const Trainer& t = app.trainer();
    const TrainConfig& cfg = t.config();
    // Line 1: where training is and how fast it goes.
    if (mb) {
      ImGui::Text("Epoch %.1f", t.epoch());
      tooltip("Epochs: passes over the training images. One minibatch step uses `batch size` images.");
    } else {
      ImGui::Text("Iteration %d", t.iteration());
      tooltip("Iterations of the full-batch optimizer (each uses every training image).");
    }
    sep();
    const double sps = app.steps_per_second();
    if (app.training() && app.speed() > 0) {
      ImGui::Text("%d %s/s (slow)", app.speed(), mb ? "steps" : "it");
      tooltip("Slow motion: a fixed number of optimizer steps per second (Slow motion, below).");
    } else if (app.training() && sps > 0) {
      if (mb) {
        const double m = std::max<double>(1.0, static_cast<double>(t.X(Subset::Train).cols()));
        const double per_epoch = m / std::min<double>(m, cfg.optim.batch_size);
        ImGui::Text("%.2f epochs/s", sps / per_epoch);
        if (ImGui::IsItemHovered()) {
          char b[96];
          std::snprintf(b, sizeof b, "Training speed: %.0f minibatch steps per second (%.0f steps per epoch).", sps, per_epoch);
          tooltip(b);
        }
      } else {
        ImGui::Text("%.1f it/s", sps);
        tooltip("Training speed: optimizer iterations per second (including recording the curves).");
      }
    } else {
      ImGui::TextDisabled(mb ? "- epochs/s" : "- it/s");
      tooltip("Training speed, shown while training runs.");
    }
    sep();
    char dur[32], wall[32];
    format_duration(dur, sizeof dur, t.elapsed_ms());
    format_duration(wall, sizeof wall, wall_.update(app.training(), t.evaluations(), ImGui::GetTime()));
    ImGui::Text("compute %s, wall %s", dur, wall);
    tooltip("Compute: time spent in the optimizer so far (not counting drawing the page or recording "
            "the curves). Wall: time on the clock while training ran (the page also draws every frame "
            "and measures the curves, so it runs ahead of the compute time).");
    sep();
    char ev[32];
    format_thousands(ev, sizeof ev, t.evaluations());
    ImGui::Text("%s f/g evals", ev);
    tooltip("How many times the cost f and its gradient g were computed (by backpropagation). "
            "Full-batch: each line search may evaluate several points per iteration; minibatch: one "
            "per step, on one batch. Restarts from 0 when the optimizer settings change.");

    // Line 2: test accuracy, then the state and the stop reason.
    const double test = app.test_accuracy();
    const int n_test = static_cast<int>(t.y(Subset::Test).size());
    if (std::isfinite(test)) {
      ImGui::TextColored(ImVec4(0.1f, 0.45f, 0.8f, 1), "Test accuracy %.1f%%", 100.0 * test);
      char b[200];
      std::snprintf(b, sizeof b,
                    "Accuracy on the %d test images, which are never used for training or stopping:\n"
                    "the honest estimate of how well the network reads digits it has never seen.",
                    n_test);
      tooltip(b);
    } else {
      ImGui::TextDisabled("Test accuracy: when training stops");
      tooltip("The test set is only scored when training stops or pauses, so it cannot steer training.");
    }
    sep();
    if (app.training()) {
      ImGui::TextColored(ImVec4(0.2f, 0.6f, 0.3f, 1), "Training...");
    } else if (t.stopped()) {
      // Wrapped beside the test accuracy; on a line of its own when less than ~8 fonts are left
      // (a narrow panel would otherwise wrap it one letter per line).
      if (ImGui::GetContentRegionAvail().x < 8.0f * ImGui::GetFontSize()) ImGui::NewLine();
      ImGui::TextWrapped("Stopped: %s.", to_string(t.stop_reason()));
      tooltip("Why training stopped. Press Train to continue anyway (the limit is raised).");
    } else if (t.iteration() == 0) {
      ImGui::TextDisabled("Not trained yet: press Train or Step.");
    } else {
      ImGui::TextUnformatted("Paused.");
    }
  }

  void draw_controls(bool mb) {
    ImGui::Checkbox("Log loss", &log_loss_);
    tooltip("Logarithmic y axis for the loss plot: equal ratios look equal, so the slow late decrease "
            "stays visible next to the fast start.");
    ImGui::SameLine();
    ImGui::Checkbox("Cost J", &show_cost_);
    tooltip("Also plot the cost the optimizer minimizes (grey): the training loss plus the λ "
            "regularization term. The loss curves show the data term only.");
    ImGui::SameLine();
    ImGui::Checkbox("Zoom", &zoom_);
    tooltip("Fit the y axes to the later part of training (the last 80% of the x range), leaving out "
            "the steep start: the gap between the training and validation curves becomes visible.");
    ImGui::SameLine();
    const char* first = mb ? "Epochs" : "Iterations";
    const char* items[3] = {first, "Minibatch steps", "Compute time"};
    ImGui::SetNextItemWidth(std::min(9.5f * F_, ImGui::GetContentRegionAvail().x - 3 * F_));
    if (begin_combo("X axis", items[x_axis_])) {
      for (int k = 0; k < 3; ++k) {
        if (k == kSteps && !mb) continue;
        if (ImGui::Selectable(items[k], x_axis_ == k)) x_axis_ = k;
      }
      ImGui::EndCombo();
    }
    tooltip("What the horizontal axis counts: optimizer iterations (full batch) or epochs (minibatch), "
            "minibatch steps, or seconds of compute time in the optimizer (fair for comparing optimizers).");
  }

  // Slow motion: [x] Slow motion [steps a second]  [x] Every step (minibatch optimizers).
  void draw_speed(AppState& app, bool mb) {
    bool slow = app.speed() > 0;
    if (ImGui::Checkbox("Slow motion", &slow)) app.set_speed(slow ? slow_speed_ : 0);
    name_item("training:slow");
    tooltip("Train at a fixed number of optimizer steps per second instead of as fast as possible, "
            "so that each step can be watched on the curves.");
    if (slow) {
      ImGui::SameLine();
      slow_speed_ = app.speed();
      ImGui::SetNextItemWidth(std::min(9.0f * F_, std::max(4.0f * F_, ImGui::GetContentRegionAvail().x - 9 * F_)));
      if (slider_int("##speed", &slow_speed_, 1, AppState::kMaxSpeed, "%d steps/s",
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
        app.set_speed(slow_speed_);
      name_item("training:speed");
      tooltip("Optimizer steps per second (1 to 1000). To type a number, tap it, or Ctrl-click it, or press Enter on it.");
    }
    if (mb) {
      ImGui::SameLine();
      bool every = app.every_step_points();
      if (ImGui::Checkbox("Every step", &every)) app.set_every_step_points(every);
      name_item("training:every_step");
      tooltip("A point on the curves after every minibatch step, not only at the end of each epoch "
              "(each point evaluates the training and validation sets: for short, slow runs).");
    }
  }

  void draw_plots(bool mb) {
    // The legends carry the latest values.
    if (!train_loss_.empty()) {
      std::snprintf(note_[0], sizeof note_[0], "%.4f", train_loss_.back());
      std::snprintf(note_[1], sizeof note_[1], "%.4f", val_loss_.back());
      std::snprintf(note_[2], sizeof note_[2], "%.4f", cost_.back());
      std::snprintf(note_[3], sizeof note_[3], "%.1f%%", train_acc_.back());
      std::snprintf(note_[4], sizeof note_[4], "%.1f%%", val_acc_.back());
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    const float avail = ImGui::GetContentRegionAvail().y;
    // A short panel (a lesson shares the screen) puts the two plots side by side rather than one
    // below the other, so that both stay in view without scrolling.
    const float gap_x = ImGui::GetStyle().ItemSpacing.x;
    const float half_w = std::floor((ImGui::GetContentRegionAvail().x - gap_x) * 0.5f);
    const bool side = avail < 2 * 7.0f * F_ + spacing + 0.15f * F_ && half_w >= 9.0f * F_;
    const float h = side ? std::max(avail - 0.15f * F_, 7.0f * F_) : std::max((avail - spacing) * 0.5f, 7.0f * F_);
    const ImGuiWindowFlags child_flags = ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    double fit_from = -INFINITY;
    if (zoom_ && xs_.size() > 4) {
      const auto [lo_it, hi_it] = std::minmax_element(xs_.begin(), xs_.end());
      fit_from = *lo_it + 0.2 * (*hi_it - *lo_it);
    }
    const char* xlab = x_axis_ == kTime ? "compute time (s)" : x_axis_ == kSteps ? "minibatch steps" : mb ? "epochs" : "iterations";
    const char* xname = x_axis_ == kTime ? "time (s)" : x_axis_ == kSteps ? "step" : mb ? "epoch" : "iteration";
    const char* xfmt = x_axis_ == kTime ? "%.2f" : (mb && x_axis_ == kAuto) ? "%.6g" : "%.0f";

    std::vector<PlotSeries> loss;
    loss.push_back({"train", kTrainColour, &train_loss_, &show_train_, false, note_[0]});
    loss.push_back({"validation", kValColour, &val_loss_, &show_val_, true, note_[1]});   // dashed
    if (show_cost_) loss.push_back({"cost J", kCostColour, &cost_, nullptr, false, note_[2]});
    PlotOptions lo;
    lo.title = "Loss";
    lo.title_help = "Cross-entropy: the average penalty for the probability given to the right digit "
                    "(-ln p; Ng's sigmoid outputs add a yes/no penalty for each of the 10 units). "
                    "Lower is better; it is what backpropagation differentiates.";
    lo.x_label = side ? xlab : nullptr;  // below: shared with the accuracy plot
    lo.x_name = xname;
    lo.x_format = xfmt;
    lo.log_y = log_loss_;
    lo.x_integer = x_axis_ == kSteps || (x_axis_ == kAuto && !mb);
    lo.y_clamp_lo = 0;
    lo.height = h;
    lo.fit_from_x = fit_from;
    lo.empty_text = "The curves grow here as the network learns: press Train or Step.";
    lo.y_format = "%.5f";
    lo.marker_x = marker_x_;
    lo.marker_label = "diverged here: weights restored";
    if (side) ImGui::BeginChild("##lossplot", ImVec2(half_w, h), false, child_flags);
    const PlotResult rl = line_plot("##loss", xs_, loss, lo, hover_);
    if (side) {
      ImGui::EndChild();
      ImGui::SameLine(0, gap_x);
      ImGui::BeginChild("##accplot", ImVec2(half_w, h), false, child_flags);
    }

    std::vector<PlotSeries> acc;
    acc.push_back({"train", kTrainColour, &train_acc_, &show_train_, false, note_[3]});
    acc.push_back({"validation", kValColour, &val_acc_, &show_val_, true, note_[4]});   // dashed
    PlotOptions ao;
    ao.title = "Accuracy";
    ao.title_help = "Percentage of images whose largest output is the right digit.";
    ao.x_label = xlab;
    ao.x_name = xname;
    ao.x_format = xfmt;
    ao.y_suffix = "%";
    ao.x_integer = lo.x_integer;
    ao.y_format = "%.2f";
    ao.y_clamp_lo = 0;
    ao.y_clamp_hi = 102;  // a little room above 100% so the curves do not sit on the frame
    // (a hair less than what is left, so rounding never brings up a scrollbar)
    ao.height = side ? h : std::max(ImGui::GetContentRegionAvail().y - 0.15f * F_, 7.0f * F_);
    ao.fit_from_x = fit_from;
    ao.marker_x = marker_x_;
    const ImVec2 acc0 = ImGui::GetCursorScreenPos();
    const float acc_w = ImGui::GetContentRegionAvail().x;
    const PlotResult ra = line_plot("##acc", xs_, acc, ao, rl.hovered ? rl.hover_index : hover_);
    // The accuracy plot as a whole (lessons outline it: "compare the two accuracy curves").
    remember_panel_rect("training:accuracy", acc0, ImVec2(acc0.x + acc_w, ImGui::GetItemRectMax().y));
    if (side) ImGui::EndChild();
    hover_ = rl.hovered ? rl.hover_index : ra.hovered ? ra.hover_index : -1;
  }
};

}  // namespace

std::unique_ptr<Panel> make_training_panel() { return std::make_unique<TrainingPanel>(); }

}  // namespace bpl::ui
