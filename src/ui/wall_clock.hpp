#pragma once
// The wall-clock time a training has been running, as a person with a watch sees it. A trainer's
// own elapsed time counts only the optimizer's compute; the page also draws, records the curves
// and shares the processor with other trainings, so the wall clock runs several times faster.
// Measured with the UI's frame clock (ImGui::GetTime(), seconds): it advances between frames
// while the training runs and starts over when the training's progress counter goes back.

namespace bpl::ui {

class WallClock {
 public:
  // Returns the wall time in ms. `running`: the training ran through this frame; `progress`: a
  // counter that only grows during one training (its cost/gradient evaluations).
  double update(bool running, long long progress, double now_s) {
    if (progress < progress_) ms_ = 0;   // reset, or a new training
    progress_ = progress;
    if (running && last_s_ >= 0) ms_ += (now_s - last_s_) * 1000.0;
    last_s_ = running ? now_s : -1.0;
    return ms_;
  }

 private:
  double ms_ = 0;
  double last_s_ = -1.0;
  long long progress_ = 0;
};

}  // namespace bpl::ui
