#include "app/backprop_stepper.hpp"
#include "core/order.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "app/app_state.hpp"
#include "core/rng.hpp"
#include "optim/optimizer_registry.hpp"
#include "train/example_trace.hpp"

namespace bpl {

// ------------------------------------------------------------------ notation

namespace {

const char* const kSupDigits[] = {"\u2070", "\u00B9", "\u00B2", "\u00B3", "\u2074",
                                  "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
const char* const kSubDigits[] = {"\u2080", "\u2081", "\u2082", "\u2083", "\u2084",
                                  "\u2085", "\u2086", "\u2087", "\u2088", "\u2089"};

std::string digits(int n, const char* const* table) {
  if (n < 0) return "?";
  const std::string s = std::to_string(n);
  std::string out;
  for (char c : s) out += table[c - '0'];
  return out;
}

std::string sup(int n) { return digits(n, kSupDigits); }

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}


// Units are numbered from 0, as the classes (digits 0..9) and window.lab's arrays are.
std::string unit(int i) { return sub(i); }

struct Term {
  double value;
  std::string text;   // e.g. "W₃,₁₂·a₁₂ = 0.53 × 0.94"
};

// The largest terms by magnitude, one line each, then the rest summed.
void list_terms(const std::vector<Term>& terms, std::size_t shown, std::vector<std::string>* lines) {
  std::vector<int> order(terms.size());
  std::vector<double> key(terms.size());   // largest magnitude first
  for (std::size_t i = 0; i < terms.size(); ++i) {
    order[i] = static_cast<int>(i);
    key[i] = -std::abs(terms[i].value);
  }
  stable_sort_by_key(order, key);
  double rest = 0;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    const Term& t = terms[static_cast<std::size_t>(order[k])];
    if (k < shown)
      lines->push_back("  " + t.text + " = " + num(t.value));
    else
      rest += t.value;
  }
  if (terms.size() > shown)
    lines->push_back("  + " + std::to_string(terms.size() - shown) + " smaller terms, summed = " + num(rest));
}

constexpr std::size_t kTermsShown = 4;

}  // namespace

std::string sup_paren(int n) { return "\u207D" + sup(n) + "\u207E"; }
std::string sub(int n) { return digits(n, kSubDigits); }

std::string Explanation::text() const {
  std::string s = title;
  for (const std::string& l : lines) s += "\n" + l;
  return s;
}

// ------------------------------------------------------------------ steps

std::vector<Step> make_steps(int L) {
  std::vector<Step> s;
  s.push_back({StepKind::Input, 0});
  for (int l = 1; l <= L; ++l) {
    s.push_back({StepKind::Z, l});
    s.push_back({StepKind::A, l});
  }
  s.push_back({StepKind::Loss, L});
  s.push_back({StepKind::OutputDelta, L});
  for (int l = L - 1; l >= 1; --l) s.push_back({StepKind::HiddenDelta, l});
  for (int l = L; l >= 1; --l) s.push_back({StepKind::Gradient, l});
  s.push_back({StepKind::Update, 0});
  return s;
}

std::string step_name(const Step& s) {
  const std::string l = std::to_string(s.layer);
  switch (s.kind) {
    case StepKind::Input: return "input";
    case StepKind::Z: return "z" + l;
    case StepKind::A: return "a" + l;
    case StepKind::Loss: return "loss";
    case StepKind::OutputDelta:
    case StepKind::HiddenDelta: return "delta" + l;
    case StepKind::Gradient: return "grad" + l;
    case StepKind::Update: return "update";
  }
  return "?";
}

std::string step_title(const Step& s, int L) {
  const std::string which = s.layer == L ? "the output layer" : "hidden layer " + std::to_string(s.layer);
  switch (s.kind) {
    case StepKind::Input: return "Input: the 64 pixels, scaled";
    case StepKind::Z: return "Forward: weighted sums of " + which;
    case StepKind::A: return "Forward: activations of " + which;
    case StepKind::Loss: return "Loss of this example";
    case StepKind::OutputDelta: return "Backward: the output error";
    case StepKind::HiddenDelta: return "Backward: the error of " + which;
    case StepKind::Gradient: return "Gradients of " + which + "'s weights and biases";
    case StepKind::Update: return "The update the optimizer would make";
  }
  return "?";
}

std::string step_formula(const Step& s, const Architecture& A) {
  const std::string l = sup_paren(s.layer), lm = sup_paren(s.layer - 1), lp = sup_paren(s.layer + 1);
  const bool softmax = A.output == OutputKind::SoftmaxCE;
  const int L = A.layers();
  switch (s.kind) {
    case StepKind::Input: return "a\u207D\u2070\u207E = x scaled: x / 16, or (x \u2212 mean) / std";
    case StepKind::Z: return "z" + l + " = W" + l + "a" + lm + " + b" + l;
    case StepKind::A:
      if (s.layer == L) return softmax ? "a" + l + " = softmax(z" + l + "):  a\u2096 = e^z\u2096 / \u03A3\u2099 e^z\u2099"
                                       : "a" + l + " = \u03C3(z" + l + ") = 1 / (1 + e^\u2212z)";
      switch (A.activation) {
        case Activation::Sigmoid: return "a" + l + " = \u03C3(z" + l + ") = 1 / (1 + e^\u2212z)";
        case Activation::Tanh: return "a" + l + " = tanh(z" + l + ")";
        case Activation::Relu: return "a" + l + " = max(0, z" + l + ")";
      }
      return "";
    case StepKind::Loss:
      return softmax ? "J = \u2212\u03A3\u2096 y\u2096 ln a\u2096" + sup_paren(L)
                     : "J = \u2212\u03A3\u2096 [y\u2096 ln a\u2096 + (1 \u2212 y\u2096) ln(1 \u2212 a\u2096)]";
    case StepKind::OutputDelta: return "\u03B4" + l + " = a" + l + " \u2212 y";
    case StepKind::HiddenDelta: return "\u03B4" + l + " = (W" + lp + ")\u22A4 \u03B4" + lp + " \u2299 g\u2032(z" + l + ")";
    case StepKind::Gradient:
      return "\u2202J/\u2202W" + l + " = \u03B4" + l + " (a" + lm + ")\u22A4 + (\u03BB/m) W" + l + ",   \u2202J/\u2202b" + l +
             " = \u03B4" + l;
    case StepKind::Update: return "\u03B8 \u2190 \u03B8 + \u0394\u03B8";
  }
  return "";
}

// ------------------------------------------------------------------ example and trace

void BackpropStepper::sync(AppState& app) {
  if (!app.has_data() || app.input_serial() == seen_input_) return;
  seen_input_ = app.input_serial();
  if (app.input_source() == InputSource::Dataset) {
    const int i = app.selected_index();
    set_example(Source::Dataset, i, app.data().X.col(i), app.data().y[static_cast<std::size_t>(i)]);
  } else if (app.input_source() == InputSource::Sketch) {
    set_example(Source::Sketch, -1, app.input_pixels(), sketch_label_chosen_ ? label_ : -1);
  } else {
    return;   // no input: keep the example we have
  }
  static_cast<void>(rerun(app));   // a failure is kept in error() for the panel
}

void BackpropStepper::set_example(Source s, int index, const VecD& pixels, int label) {
  source_ = s;
  index_ = index;
  pixels_ = pixels;
  label_ = label;
  pos_ = 0;
  playing_ = false;
  has_pin_ = false;
  applied_ = false;
  chosen_ = Chosen::ByUser;   // open_instructive / next_mistake say otherwise after choosing
  chosen_note_.clear();
}

Status BackpropStepper::select_index(AppState& app, int index) {
  if (!app.has_data()) return Status::Error("the digits are not loaded yet");
  if (index < 0 || index >= app.data().size())
    return Status::Error("index must be a dataset image 0.." + std::to_string(app.data().size() - 1));
  app.select_dataset_image(index);
  seen_input_ = ~0ull;
  sync(app);
  return error_.empty() ? Status::Ok() : Status::Error(error_);
}

Status BackpropStepper::select_random_training(AppState& app) {
  if (!app.has_data()) return Status::Error("the digits are not loaded yet");
  const std::vector<int>& train = app.trainer().indices(Subset::Train);
  if (train.empty()) return Status::Error("the training split is empty");
  Rng rng(0xB5C0FFEEull + ++random_draws_);
  return select_index(app, train[static_cast<std::size_t>(rng.below(train.size()))]);
}

Status BackpropStepper::select_sketch(AppState& app, const VecD& pixels64, int label) {
  if (!app.has_data()) return Status::Error("the digits are not loaded yet");
  if (pixels64.size() != kPixels || !pixels64.allFinite() || pixels64.maxCoeff() <= 0)
    return Status::Error("the sketch is empty: draw a digit in the Sketch panel first");
  if (label >= kClasses) return Status::Error("label must be a digit 0..9");
  sketch_label_chosen_ = label >= 0;
  if (sketch_label_chosen_) label_ = label;
  app.set_sketch_input(pixels64, true);
  seen_input_ = ~0ull;
  sync(app);
  return error_.empty() ? Status::Ok() : Status::Error(error_);
}

void BackpropStepper::set_sketch_label(AppState& app, int label) {
  if (source_ != Source::Sketch || label < 0 || label >= kClasses) return;
  sketch_label_chosen_ = true;
  label_ = label;
  static_cast<void>(rerun(app));   // a failure is kept in error() for the panel
}

Status BackpropStepper::rerun(AppState& app) {
  error_.clear();
  if (!app.has_data() || source_ == Source::None) {
    error_ = "no example selected";
    return Status::Error(error_);
  }
  const Trainer& t = app.trainer();
  if (label_ < 0) {   // a sketch with no label chosen: the network's own answer
    const VecF p = app.predict_raw(pixels_);
    Index k = 0;
    p.maxCoeff(&k);
    label_ = static_cast<int>(k);
  }
  Result<ExampleTrace> r = trace_live_example(t, pixels_, label_);
  if (!r.ok()) {
    error_ = r.message();
    has_trace_ = false;
    return r.status;
  }
  trace_ = std::move(r.value);
  theta_ = t.net().theta().cast<double>();
  scaler_ = t.scaler();
  const VecD g = trace_.gradient();
  update_ = preview_update(live_update_rule(t), g);
  update_rule_kind_ = t.config().optim.kind;
  plain_ = -update_.step_size * g;   // theta <- theta - eta dJ/dtheta, this example alone
  version_ = app.weights_version();
  has_trace_ = true;
  const int L = trace_.L();
  steps_ = make_steps(L);
  pos_ = std::min(pos_, static_cast<int>(steps_.size()) - 1);
  if (has_pin_ && !std::isfinite(value(pinned_))) has_pin_ = false;   // e.g. the architecture changed
  return Status::Ok();
}

bool BackpropStepper::stale(const AppState& app) const { return has_trace_ && version_ != app.weights_version(); }

int BackpropStepper::predicted() const {
  if (!has_trace_) return -1;
  Index k = 0;
  trace_.layer(trace_.L()).a.maxCoeff(&k);
  return static_cast<int>(k);
}

// ------------------------------------------------------------------ position

void BackpropStepper::go(int n) {
  const int last = static_cast<int>(steps_.size()) - 1;
  const int to = std::clamp(pos_ + n, 0, last);
  if (to != pos_) has_pin_ = false;   // a pinned explanation belongs to its step
  pos_ = to;
}

// ------------------------------------------------------------------ an instructive example

void BackpropStepper::refresh_readings(const AppState& app) {
  if (readings_version_ == app.weights_version() && readings_split_ == app.split_version()) return;
  readings_version_ = app.weights_version();
  readings_split_ = app.split_version();
  mistakes_.clear();
  mistake_p_.clear();
  least_confident_ = -1;
  const Trainer& t = app.trainer();
  const std::vector<int>& index = t.indices(Subset::Validation);
  const std::vector<int>& y = t.y(Subset::Validation);
  if (index.empty()) return;
  Cache<float> cache;   // the live float network, as the page's accuracies are counted
  forward<float>(t.net().arch(), t.net().theta(), t.X(Subset::Validation), cache);
  const MatF& P = cache.a.back();   // (10 x m)
  const std::vector<int> answer = argmax_columns<float>(P);
  std::vector<std::pair<float, int>> wrong;   // (p of the label, dataset index)
  for (std::size_t j = 0; j < index.size(); ++j) {
    const float p = P(y[j], static_cast<Index>(j));
    if (answer[j] != y[j])
      wrong.push_back({p, index[j]});
    else if (least_confident_ < 0 || p < least_p_) {
      least_confident_ = index[j];
      least_p_ = p;
    }
  }
  std::vector<int> order(wrong.size());
  std::vector<double> key(wrong.size());   // the most confident mistakes first
  for (std::size_t i = 0; i < wrong.size(); ++i) {
    order[i] = static_cast<int>(i);
    key[i] = wrong[i].first;
  }
  stable_sort_by_key(order, key);
  for (int i : order) {
    mistakes_.push_back(wrong[static_cast<std::size_t>(i)].second);
    mistake_p_.push_back(wrong[static_cast<std::size_t>(i)].first);
  }
}

const std::vector<int>& BackpropStepper::mistakes(const AppState& app) {
  refresh_readings(app);
  return mistakes_;
}

Status BackpropStepper::choose(AppState& app, int index, Chosen why) {
  Status s = select_index(app, index);
  if (!s.ok()) return s;
  chosen_ = why;
  const int label = app.data().y[static_cast<std::size_t>(index)];
  char p[32];
  if (why == Chosen::Mistake) {
    const auto at = std::find(mistakes_.begin(), mistakes_.end(), index) - mistakes_.begin();
    std::snprintf(p, sizeof p, "%.0f%%", 100.0 * mistake_p_[static_cast<std::size_t>(at)]);
    chosen_note_ = "A validation image the network gets wrong: it reads this " + std::to_string(label) + " as " +
                   std::to_string(predicted()) + " (" + p + " for " + std::to_string(label) + "). Mistake " +
                   std::to_string(at + 1) + " of " + std::to_string(mistakes_.size()) + ", the most confident first.";
  } else {
    std::snprintf(p, sizeof p, "%.0f%%", 100.0 * least_p_);
    chosen_note_ = "The network reads every validation image right; this " + std::to_string(label) +
                   " is the one it is least sure of (" + p + " for " + std::to_string(label) + ").";
  }
  return Status::Ok();
}

Status BackpropStepper::open_instructive(AppState& app) {
  if (!app.has_data()) return Status::Error("the digits are not loaded yet");
  refresh_readings(app);
  if (!mistakes_.empty()) return choose(app, mistakes_.front(), Chosen::Mistake);
  if (least_confident_ >= 0) return choose(app, least_confident_, Chosen::LeastConfident);
  return select_random_training(app);   // no validation split: any training image
}

Status BackpropStepper::next_mistake(AppState& app) {
  if (!app.has_data()) return Status::Error("the digits are not loaded yet");
  refresh_readings(app);
  if (mistakes_.empty()) return Status::Error("the network reads every validation image right: no mistake to show");
  const auto at = std::find(mistakes_.begin(), mistakes_.end(), source_ == Source::Dataset ? index_ : -1);
  const std::size_t next = at == mistakes_.end() ? 0 : (static_cast<std::size_t>(at - mistakes_.begin()) + 1) % mistakes_.size();
  return choose(app, mistakes_[next], Chosen::Mistake);
}

bool BackpropStepper::update_differs() const { return optimizer_info(update_rule_kind_).step_differs; }

std::string BackpropStepper::why_update_differs() const { return optimizer_info(update_rule_kind_).why_step_differs; }

void BackpropStepper::set_playing(bool on) {
  playing_ = on;
  play_clock_ = 0;
  if (on && pos_ == static_cast<int>(steps_.size()) - 1) pos_ = 0;   // play again from the start
}

void BackpropStepper::tick(double seconds) {
  if (!playing_) return;
  play_clock_ += std::max(0.0, seconds);
  while (play_clock_ >= kPlaySeconds && playing_) {
    play_clock_ -= kPlaySeconds;
    next();
    if (pos_ == static_cast<int>(steps_.size()) - 1) playing_ = false;
  }
}

// ------------------------------------------------------------------ apply

Status BackpropStepper::apply_update(AppState& app) {
  if (!has_trace_) return Status::Error("no trace: select an example first");
  if (stale(app)) return Status::Error("the weights changed since this trace: re-run it first");
  const VecD before = trace_.layer(trace_.L()).a;
  Status s = app.add_to_weights(update_.delta);
  if (!s.ok()) return s;
  const int pos = pos_;
  s = rerun(app);
  if (!s.ok()) return s;
  pos_ = pos;
  applied_ = true;
  out_before_ = before;
  out_after_ = trace_.layer(trace_.L()).a;
  return Status::Ok();
}

// ------------------------------------------------------------------ values and explanations

double BackpropStepper::value(const ValueRef& r) const {
  if (!has_trace_ || r.layer < 0 || r.layer > trace_.L()) return NAN;
  const LayerTrace& T = trace_.layer(r.layer);
  auto at = [&](const VecD& v) { return r.i >= 0 && r.i < v.size() ? v[r.i] : NAN; };
  const Architecture& A = trace_.arch;
  switch (r.q) {
    case Quantity::Input: return at(trace_.layer(0).a);
    case Quantity::Z: return at(T.z);
    case Quantity::A: return at(T.a);
    case Quantity::Loss: return trace_.loss;
    case Quantity::Delta: return at(T.delta);
    case Quantity::GradB: return at(T.db);
    case Quantity::GradW:
      if (r.i < 0 || r.j < 0 || r.i >= T.dW_data.rows() || r.j >= T.dW_data.cols()) return NAN;
      return T.dW_data(r.i, r.j) + T.dW_reg(r.i, r.j);
    case Quantity::UpdateW:
      if (r.layer < 1 || r.i < 0 || r.j < 0 || r.i >= A.units(r.layer) || r.j >= A.units(r.layer - 1)) return NAN;
      return weights<double>(A, update_.delta.data(), r.layer)(r.i, r.j);
    case Quantity::UpdateB:
      if (r.layer < 1 || r.i < 0 || r.i >= A.units(r.layer)) return NAN;
      return biases<double>(A, update_.delta.data(), r.layer)[r.i];
    case Quantity::PlainW:
      if (r.layer < 1 || r.i < 0 || r.j < 0 || r.i >= A.units(r.layer) || r.j >= A.units(r.layer - 1)) return NAN;
      return weights<double>(A, plain_.data(), r.layer)(r.i, r.j);
    case Quantity::PlainB:
      if (r.layer < 1 || r.i < 0 || r.i >= A.units(r.layer)) return NAN;
      return biases<double>(A, plain_.data(), r.layer)[r.i];
  }
  return NAN;
}

Explanation BackpropStepper::explain(const ValueRef& r) const {
  if (!has_trace_ || !std::isfinite(value(r))) return {"(no such value)", {}};
  switch (r.q) {
    case Quantity::Input: return explain_input(r);
    case Quantity::Z: return explain_z(r);
    case Quantity::A: return explain_a(r);
    case Quantity::Loss: return explain_loss();
    case Quantity::Delta: return explain_delta(r);
    case Quantity::GradW:
    case Quantity::GradB: return explain_grad(r);
    case Quantity::UpdateW:
    case Quantity::UpdateB: return explain_update(r);
    case Quantity::PlainW:
    case Quantity::PlainB: return explain_plain(r);
  }
  return {};
}

Explanation BackpropStepper::explain_input(const ValueRef& r) const {
  Explanation e;
  const double x = pixels_[r.i], a = trace_.layer(0).a[r.i];
  e.title = "a\u207D\u2070\u207E" + unit(r.i) + " (pixel row " + std::to_string(r.i / 8 + 1) + ", column " +
            std::to_string(r.i % 8 + 1) + ")";
  if (scaler_.kind == Scaling::Divide16)
    e.lines.push_back("= x / 16 = " + num(x) + " / 16 = " + num(a));
  else
    e.lines.push_back("= (x \u2212 mean) / std = (" + num(x) + " \u2212 " + num(scaler_.mean[r.i]) + ") / " +
                      num(scaler_.scale[r.i]) + " = " + num(a));
  return e;
}

// z_i = sum_j W_ij a_j + b_i
Explanation BackpropStepper::explain_z(const ValueRef& r) const {
  const Architecture& A = trace_.arch;
  const auto W = weights<double>(A, theta_.data(), r.layer);
  const VecD& a = trace_.layer(r.layer - 1).a;
  const double b = biases<double>(A, theta_.data(), r.layer)[r.i];
  Explanation e;
  const std::string l = sup_paren(r.layer), lm = sup_paren(r.layer - 1);
  e.title = "z" + l + unit(r.i) + " = \u03A3\u2096 W" + l + unit(r.i) + "\u2096\u00B7a" + lm + "\u2096 + b" + l + unit(r.i);
  std::vector<Term> terms;
  for (Index j = 0; j < W.cols(); ++j)
    terms.push_back({W(r.i, j) * a[j], "w" + unit(static_cast<int>(j)) + "\u00B7a" + unit(static_cast<int>(j)) + " = " +
                                           num(W(r.i, j)) + " \u00D7 " + num(a[j])});
  list_terms(terms, kTermsShown, &e.lines);
  e.lines.push_back("  + b = " + num(b));
  e.lines.push_back("= " + num(trace_.layer(r.layer).z[r.i]));
  return e;
}

Explanation BackpropStepper::explain_a(const ValueRef& r) const {
  const Architecture& A = trace_.arch;
  const LayerTrace& T = trace_.layer(r.layer);
  const double z = T.z[r.i], a = T.a[r.i];
  Explanation e;
  e.title = "a" + sup_paren(r.layer) + unit(r.i);
  const bool out = r.layer == trace_.L();
  if (out && A.output == OutputKind::SoftmaxCE) {
    const double sum = (T.z.array() - T.z.maxCoeff()).exp().sum();
    e.lines.push_back("= e^z" + unit(r.i) + " / \u03A3\u2096 e^z\u2096   (computed as e^(z \u2212 max z) for safety)");
    e.lines.push_back("= e^(" + num(z) + " \u2212 " + num(T.z.maxCoeff()) + ") / " + num(sum) + " = " + num(a));
  } else if (out || A.activation == Activation::Sigmoid) {
    e.lines.push_back("= \u03C3(z) = 1 / (1 + e^\u2212z) = 1 / (1 + e^(" + num(-z) + ")) = " + num(a));
  } else if (A.activation == Activation::Tanh) {
    e.lines.push_back("= tanh(z) = tanh(" + num(z) + ") = " + num(a));
  } else {
    e.lines.push_back("= max(0, z) = max(0, " + num(z) + ") = " + num(a));
  }
  return e;
}

Explanation BackpropStepper::explain_loss() const {
  const Architecture& A = trace_.arch;
  const VecD& a = trace_.layer(trace_.L()).a;
  Explanation e;
  e.title = "J (this example, natural log)";
  if (A.output == OutputKind::SoftmaxCE) {
    e.lines.push_back("= \u2212ln a" + unit(label_) + " (the probability of the label " + std::to_string(label_) +
                      ") = \u2212ln " + num(a[label_]));
  } else {
    std::vector<Term> terms;
    for (Index k = 0; k < a.size(); ++k) {
      const bool y = k == label_;
      const double t = y ? -std::log(a[k]) : -std::log1p(-a[k]);
      terms.push_back({t, std::string(y ? "\u2212ln a" : "\u2212ln(1 \u2212 a") + unit(static_cast<int>(k)) +
                              (y ? "" : ")") + (y ? " (label)" : "") + ", a = " + num(a[k])});
    }
    e.lines.push_back("= \u03A3\u2096 of one term per output (y\u2096 = 1 only for the label):");
    list_terms(terms, kTermsShown, &e.lines);
  }
  e.lines.push_back("= " + num(trace_.loss));
  return e;
}

// delta(L)_i = a_i - y_i;  delta(l)_i = (sum_k W(l+1)_ki delta(l+1)_k) g'(z(l)_i)
Explanation BackpropStepper::explain_delta(const ValueRef& r) const {
  const int L = trace_.L();
  const LayerTrace& T = trace_.layer(r.layer);
  Explanation e;
  const std::string l = sup_paren(r.layer), lp = sup_paren(r.layer + 1);
  if (r.layer == L) {
    e.title = "\u03B4" + l + unit(r.i) + " = a" + unit(r.i) + " \u2212 y" + unit(r.i);
    e.lines.push_back("= " + num(T.a[r.i]) + " \u2212 " + num(trace_.y[r.i]) + " = " + num(T.delta[r.i]));
    return e;
  }
  const Architecture& A = trace_.arch;
  const auto W = weights<double>(A, theta_.data(), r.layer + 1);
  const VecD& d = trace_.layer(r.layer + 1).delta;
  e.title = "\u03B4" + l + unit(r.i) + " = (\u03A3\u2096 W" + lp + "\u2096" + unit(r.i) + "\u00B7\u03B4" + lp +
            "\u2096) \u00D7 g\u2032(z" + l + unit(r.i) + ")";
  std::vector<Term> terms;
  double sum = 0;
  for (Index k = 0; k < W.rows(); ++k) {
    sum += W(k, r.i) * d[k];
    terms.push_back({W(k, r.i) * d[k], "w" + unit(static_cast<int>(k)) + "\u00B7\u03B4" + unit(static_cast<int>(k)) +
                                           " = " + num(W(k, r.i)) + " \u00D7 " + num(d[k])});
  }
  list_terms(terms, kTermsShown, &e.lines);
  const double gp = activation_derivative(A.activation, VecD::Constant(1, T.z[r.i]))[0];
  e.lines.push_back("  sum = " + num(sum));
  const char* gname = A.activation == Activation::Sigmoid ? "\u03C3(z)(1 \u2212 \u03C3(z))"
                      : A.activation == Activation::Tanh  ? "1 \u2212 tanh\u00B2(z)"
                                                          : "1 if z > 0, else 0";
  e.lines.push_back("\u00D7 g\u2032(z) = " + std::string(gname) + " at z = " + num(T.z[r.i]) + ": " + num(gp));
  e.lines.push_back("= " + num(T.delta[r.i]));
  return e;
}

Explanation BackpropStepper::explain_grad(const ValueRef& r) const {
  const LayerTrace& T = trace_.layer(r.layer);
  const std::string l = sup_paren(r.layer), lm = sup_paren(r.layer - 1);
  Explanation e;
  if (r.q == Quantity::GradB) {
    e.title = "\u2202J/\u2202b" + l + unit(r.i) + " = \u03B4" + l + unit(r.i);
    e.lines.push_back("= " + num(T.db[r.i]) + "   (biases are not regularized)");
    return e;
  }
  const double w = weights<double>(trace_.arch, theta_.data(), r.layer)(r.i, r.j);
  e.title = "\u2202J/\u2202W" + l + unit(r.i) + "," + unit(r.j) + " = \u03B4" + l + unit(r.i) + "\u00B7a" + lm +
            unit(r.j) + " + (\u03BB/m)\u00B7W" + unit(r.i) + "," + unit(r.j);
  e.lines.push_back("data part: \u03B4\u00B7a = " + num(T.delta[r.i]) + " \u00D7 " + num(trace_.layer(r.layer - 1).a[r.j]) +
                    " = " + num(T.dW_data(r.i, r.j)));
  e.lines.push_back("\u03BB part: (" + num(trace_.lambda) + " / " + std::to_string(trace_.m_reg) + ") \u00D7 " + num(w) +
                    " = " + num(T.dW_reg(r.i, r.j)) + "   (m = training-set size, as in training)");
  e.lines.push_back("= " + num(T.dW_data(r.i, r.j) + T.dW_reg(r.i, r.j)));
  return e;
}

Explanation BackpropStepper::explain_update(const ValueRef& r) const {
  const Architecture& A = trace_.arch;
  const bool w = r.q == Quantity::UpdateW;
  const VecD g = trace_.gradient();
  const Index k = w ? A.weight_offset(r.layer) + Index(r.j) * A.units(r.layer) + r.i : A.bias_offset(r.layer) + r.i;
  Explanation e;
  const std::string l = sup_paren(r.layer);
  e.title = "\u0394" + (w ? "W" + l + unit(r.i) + "," + unit(r.j) : "b" + l + unit(r.i)) + ":  " + update_.formula;
  e.lines.push_back("g = \u2202J/\u2202\u03B8 = " + num(g[k]) + ",  step size " + num(update_.step_size));
  e.lines.push_back("\u0394 = " + num(update_.delta[k]) + ":  " + num(theta_[k]) + " \u2192 " +
                    num(theta_[k] + update_.delta[k]));
  e.lines.push_back(update_.note);
  return e;
}

// The plain gradient-descent step of one parameter: -eta dJ/dtheta.
Explanation BackpropStepper::explain_plain(const ValueRef& r) const {
  const Architecture& A = trace_.arch;
  const bool w = r.q == Quantity::PlainW;
  const Index k = w ? A.weight_offset(r.layer) + Index(r.j) * A.units(r.layer) + r.i : A.bias_offset(r.layer) + r.i;
  const double g = w ? trace_.layer(r.layer).dW_data(r.i, r.j) + trace_.layer(r.layer).dW_reg(r.i, r.j)
                     : trace_.layer(r.layer).db[r.i];
  Explanation e;
  const std::string l = sup_paren(r.layer);
  const std::string name = w ? "W" + l + unit(r.i) + "," + unit(r.j) : "b" + l + unit(r.i);
  e.title = "\u0394" + name + " = \u2212\u03B7 \u2202J/\u2202" + name + "   (plain gradient descent, this example alone)";
  e.lines.push_back("= \u2212" + num(plain_eta()) + " \u00D7 " + num(g) + " = " + num(plain_[k]));
  e.lines.push_back(name + ": " + num(theta_[k]) + " \u2192 " + num(theta_[k] + plain_[k]));
  return e;
}

}  // namespace bpl
