// The Backprop panel's state, below the UI: one example traced through the live network
// (train/example_trace.hpp), cut into the steps a student follows, with a position, play, pinned
// explanations of single values, and "apply this update".
//
// Steps for a network with L weight layers (l counts layers, a(0) is the input):
//   input -> z(1), a(1), ..., z(L), a(L) -> loss -> delta(L) -> delta(L-1), ..., delta(1)
//         -> gradients of layer L, ..., 1 -> update
//
// One trace = one weights version. The stepper never re-traces by itself when training moves the
// weights: stale() says so and the panel offers rerun(). A new example (a click in the Data or
// Mistakes views, a sketch, select_*) is traced at once under the weights of that moment.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/types.hpp"
#include "data/dataset.hpp"
#include "nn/trace.hpp"
#include "optim/update_preview.hpp"

namespace bpl {

class AppState;

enum class StepKind { Input, Z, A, Loss, OutputDelta, HiddenDelta, Gradient, Update };

struct Step {
  StepKind kind = StepKind::Input;
  int layer = 0;   // l for Z, A, deltas, gradients (0 otherwise)
};

// One value of the trace a student can pick.
enum class Quantity { Input, Z, A, Loss, Delta, GradW, GradB, UpdateW, UpdateB, PlainW, PlainB };
struct ValueRef {
  Quantity q = Quantity::Input;
  int layer = 0;   // l (Input: 0)
  int i = 0;       // unit (row)
  int j = 0;       // previous unit (column) for GradW / UpdateW
  bool operator==(const ValueRef& o) const { return q == o.q && layer == o.layer && i == o.i && j == o.j; }
};

// How one value was computed from the values it depends on, one line per part.
struct Explanation {
  std::string title;               // e.g. "z⁽¹⁾₃"
  std::vector<std::string> lines;  // the formula with the numbers plugged in
  std::string text() const;        // title and lines, newline-separated
};

// "⁽¹²⁾" and "₁₂": layer and index marks in the maths' notation.
std::string sup_paren(int n);
std::string sub(int n);

std::string step_name(const Step& s);                       // "input", "z1", "a1", "loss", "delta2", "grad1", "update"
std::string step_title(const Step& s, int L);               // "Forward: z⁽¹⁾ of hidden layer 1", ...
std::string step_formula(const Step& s, const Architecture& A);  // the maths, once, e.g. "z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾"
std::vector<Step> make_steps(int L);

class BackpropStepper {
 public:
  // ---- the example
  enum class Source { None, Sketch, Dataset };
  // Follows the app's current input: a new one (Data/Mistakes click, sketch edit) is traced now.
  void sync(AppState& app);
  // Makes dataset image `index` the app's current input and traces it. "" or a message.
  Status select_index(AppState& app, int index);
  // A random image of the training split (seeded by a counter: reproducible sequence).
  Status select_random_training(AppState& app);
  // The sketch's 64 counts (0..16) as the example; label < 0: the network's prediction.
  Status select_sketch(AppState& app, const VecD& pixels64, int label = -1);
  void set_sketch_label(AppState& app, int label);   // what the student says the sketch shows
  Source source() const { return source_; }
  int index() const { return index_; }                // dataset index, -1 for a sketch
  int label() const { return label_; }
  const VecD& pixels() const { return pixels_; }     // raw 0..16

  // ---- an example with something to learn: the error is what backprop is about, so the stepper
  // opens on a validation image the network gets wrong (the most confidently wrong one), or, when
  // it reads every validation image right, on the right one it is least sure of. Both are judged
  // by the live float network under the current weights (cached on the weights version).
  enum class Chosen { ByUser, Mistake, LeastConfident };
  // Makes that image the current input and traces it; chosen() and chosen_note() say which.
  Status open_instructive(AppState& app);
  // The next misread validation image after the current one (most confidently wrong first,
  // wrapping around); an error (nothing changes) when the network reads them all right.
  Status next_mistake(AppState& app);
  // Dataset indices of the misread validation images, most confidently wrong first.
  const std::vector<int>& mistakes(const AppState& app);
  Chosen chosen() const { return chosen_; }
  const std::string& chosen_note() const { return chosen_note_; }   // "" when the student chose

  // ---- the trace (one weights version)
  Status rerun(AppState& app);                        // trace again under the current weights
  bool has_trace() const { return has_trace_; }
  bool stale(const AppState& app) const;              // the weights moved since the trace
  unsigned long long weights_version() const { return version_; }
  const ExampleTrace& trace() const { return trace_; }
  const VecD& theta() const { return theta_; }        // the weights the trace used (double)
  const UpdatePreview& update() const { return update_; }
  // The plain gradient-descent step for this one example, theta <- theta - eta dJ/dtheta:
  // plain_step() = -eta x trace().gradient(), eta = the optimizer's learning rate (CG/L-BFGS: the
  // line search's first trial step, as update()). For momentum and Adam the optimizer's own step
  // (update()) differs; update_differs() says so and why_update_differs() says why in one line.
  double plain_eta() const { return update_.step_size; }
  const VecD& plain_step() const { return plain_; }
  bool update_differs() const;
  std::string why_update_differs() const;
  const Scaler& scaler() const { return scaler_; }
  const std::string& error() const { return error_; }
  int predicted() const;                              // argmax a(L) of the trace

  // ---- position
  const std::vector<Step>& steps() const { return steps_; }
  int position() const { return pos_; }
  const Step& current() const { return steps_[static_cast<std::size_t>(pos_)]; }
  void go(int n);                                     // n steps forward (negative: back), clamped
  void next() { go(1); }
  void back() { go(-1); }
  void reset() { go(-pos_); playing_ = false; play_clock_ = 0; }
  bool playing() const { return playing_; }
  void set_playing(bool on);
  void tick(double seconds);                          // while playing: one step every kPlaySeconds
  static constexpr double kPlaySeconds = 1.0;

  // ---- one value, explained (pinned by a click/tap; hover may preview the same). A pinned
  // explanation belongs to its step: moving to another step (go, next, back, reset) unpins it.
  void pin(const ValueRef& r) { pinned_ = r; has_pin_ = true; }
  void unpin() { has_pin_ = false; }
  bool has_pin() const { return has_pin_; }
  const ValueRef& pinned() const { return pinned_; }
  Explanation explain(const ValueRef& r) const;
  double value(const ValueRef& r) const;

  // ---- apply the shown update to the real network
  // Only for a fresh trace (the update belongs to its weights). Pauses training, adds the update
  // to the live float weights, re-traces; before/after keep a(L) around the change.
  Status apply_update(AppState& app);
  bool has_applied() const { return applied_; }
  const VecD& output_before() const { return out_before_; }
  const VecD& output_after() const { return out_after_; }

 private:
  void set_example(Source s, int index, const VecD& pixels, int label);
  Explanation explain_z(const ValueRef& r) const;
  Explanation explain_a(const ValueRef& r) const;
  Explanation explain_loss() const;
  Explanation explain_delta(const ValueRef& r) const;
  Explanation explain_grad(const ValueRef& r) const;
  Explanation explain_update(const ValueRef& r) const;
  Explanation explain_plain(const ValueRef& r) const;
  Explanation explain_input(const ValueRef& r) const;

  Source source_ = Source::None;
  int index_ = -1;
  int label_ = -1;
  bool sketch_label_chosen_ = false;
  VecD pixels_ = VecD::Zero(kPixels);
  unsigned long long seen_input_ = ~0ull;
  std::uint64_t random_draws_ = 0;

  bool has_trace_ = false;
  unsigned long long version_ = 0;
  ExampleTrace trace_;
  VecD theta_;
  UpdatePreview update_;
  Scaler scaler_;
  std::string error_;

  std::vector<Step> steps_ = make_steps(1);
  int pos_ = 0;
  bool playing_ = false;
  double play_clock_ = 0;

  ValueRef pinned_;
  bool has_pin_ = false;

  VecD plain_;
  OptimizerKind update_rule_kind_ = OptimizerKind::CG;
  Chosen chosen_ = Chosen::ByUser;
  std::string chosen_note_;
  std::vector<int> mistakes_;                   // misread validation images, most confidently wrong first
  std::vector<float> mistake_p_;                // the probability each gives its label
  int least_confident_ = -1;                    // the right one with the lowest p(label), -1: none
  float least_p_ = 0;
  unsigned long long readings_version_ = 0, readings_split_ = 0;
  void refresh_readings(const AppState& app);
  Status choose(AppState& app, int index, Chosen why);

  bool applied_ = false;
  VecD out_before_, out_after_;
};

}  // namespace bpl
