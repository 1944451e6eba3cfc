// The optimizer registry: one entry per optimizer with everything the program knows about it
// (its config name, UI label and help, family, defaults, the settings it reads, its memory cost,
// its factory and its update preview). The config parser and writer, the trainer, the Network,
// Race and Backprop panels and the CLI read this table instead of switching on OptimizerKind,
// so adding an optimizer is its class file plus one entry here (see README, "How to add an
// optimizer").
#pragma once
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/types.hpp"
#include "optim/optimizer.hpp"

namespace bpl {

struct UpdateRule;
struct UpdatePreview;

// The OptimizerConfig fields an optimizer reads, as bit flags (OptimizerInfo::settings).
struct OptimizerSetting {
  enum : unsigned {
    LearningRate = 1u << 0,  // learning_rate
    BatchSize = 1u << 1,     // batch_size
    Momentum = 1u << 2,      // momentum (mu)
    AdamMoments = 1u << 3,   // beta1, beta2, epsilon
    ShuffleSeed = 1u << 4,   // shuffle_seed
    History = 1u << 5,       // lbfgs_memory (remembered curvature pairs)
    LineSearch = 1u << 6,    // max_line_search, wolfe_c1, wolfe_c2
  };
};

template <class T>
using OptimizerFactory = std::unique_ptr<Optimizer<T>> (*)(const OptimizerConfig&);

struct OptimizerInfo;
std::unique_ptr<Optimizer<double>> make_double_optimizer(const OptimizerInfo& info, const OptimizerConfig& c);

struct OptimizerInfo {
  OptimizerKind kind;
  const char* id;           // the config JSON / CLI / URL name, e.g. "adam"
  const char* label;        // the UI's name, e.g. "SGD + momentum"
  const char* short_label;  // the race legend's name, before the key settings, e.g. "Momentum"
  const char* help;         // one paragraph: what it does (Network and Race panels' tooltips)
  bool minibatch;           // true: one step = one minibatch (epochs); false: a full-batch line search
  double learning_rate;     // default learning_rate (read only by optimizers with LearningRate)
  double wolfe_c2;          // default Wolfe curvature constant (read only by those with LineSearch)
  unsigned settings;        // OptimizerSetting flags: the fields this optimizer reads
  // Memory: parameter-sized state vectors, plus this many per remembered pair (lbfgs_memory).
  double state_vectors;
  double vectors_per_pair;
  OptimizerFactory<float> make_float;    // a new optimizer (cfg already validated); the double
                                         // one is make<double> (kDoubleFactories, the .cpp)
  // The single-step update the Backprop panel shows for one example's gradient g.
  UpdatePreview (*preview)(const UpdateRule& rule, const VecD& g);
  // Copies the live optimizer's state the preview needs into rule (null: the preview needs none).
  void (*read_state)(const Optimizer<float>& opt, UpdateRule* rule);
  // The Backprop panel: true when the optimizer's own step differs from plain gradient descent
  // on the example (it carries state from earlier minibatches), and one line saying why / how.
  bool step_differs;
  const char* why_step_differs;

  bool uses(unsigned setting) const { return (settings & setting) != 0; }
  OptimizerConfig defaults() const;   // kind with this entry's learning_rate and wolfe_c2
  double memory_vectors(const OptimizerConfig& c) const { return state_vectors + vectors_per_pair * c.lbfgs_memory; }
  template <class T>
  std::unique_ptr<Optimizer<T>> make(const OptimizerConfig& c) const {
    if constexpr (std::is_same_v<T, float>) return make_float(c);
    else return make_double_optimizer(*this, c);
  }
};

// Every optimizer, in the order the UI lists them (CG, L-BFGS, SGD, Momentum, Adam).
struct OptimizerList {
  const OptimizerInfo* first;
  const OptimizerInfo* last;
  const OptimizerInfo* begin() const { return first; }
  const OptimizerInfo* end() const { return last; }
  std::size_t size() const { return static_cast<std::size_t>(last - first); }
};
OptimizerList optimizers();

// The entry of k; an out-of-range k gets a stand-in entry with id and label "?", no settings
// and no factory (OptimizerConfig::validate rejects such a kind first).
const OptimizerInfo& optimizer_info(OptimizerKind k);
bool is_registered(OptimizerKind k);
const OptimizerInfo* find_optimizer(std::string_view id);   // by id, exact; null when none has it

// "<start> key=value ..." with only the settings the optimizer reads (describe(), race legends):
// SettingsText(info, info.id).add(OptimizerSetting::LearningRate, " lr=%g", c.learning_rate).str()
class SettingsText {
 public:
  SettingsText(const OptimizerInfo& info, std::string start) : info_(info), s_(std::move(start)) {}
  template <class V>
  SettingsText& add(unsigned setting, const char* fmt, V value) {
    if (!info_.uses(setting)) return *this;
    char b[64];
    std::snprintf(b, sizeof b, fmt, value);
    s_ += b;
    return *this;
  }
  const std::string& str() const { return s_; }

 private:
  const OptimizerInfo& info_;
  std::string s_;
};

// The ids joined, e.g. optimizer_ids(", ", " or ", "\"") = "\"cg\", \"lbfgs\", ... or \"adam\"".
std::string optimizer_ids(const char* separator, const char* last_separator, const char* quote = "");

}  // namespace bpl
