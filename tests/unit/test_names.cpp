// Enum names (src/core/names.hpp): every parse_* reads back exactly what to_string prints, and
// refuses any other spelling without touching its output.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "app/knn_job.hpp"
#include "app/sweep.hpp"
#include "core/names.hpp"
#include "data/dataset.hpp"
#include "knn/knn.hpp"
#include "nn/network.hpp"
#include "optim/optimizer.hpp"

namespace bpl {
namespace {

// Each value's name parses back to that value; wrong case, a prefix, padding and the empty
// string are refused and leave the output as it was.
template <class E, std::size_t N>
void ExpectNamesRoundTrip(bool (*parse)(std::string_view, E*), const E (&values)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    const E v = values[i];
    const std::string name = to_string(v);
    SCOPED_TRACE(name);
    E parsed = values[(i + 1) % N];   // another value
    ASSERT_TRUE(parse(name, &parsed));
    EXPECT_EQ(parsed, v);
    std::string upper = name;
    upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
    for (const std::string& bad : {upper, name.substr(0, name.size() - 1), " " + name, name + " ", std::string()}) {
      E out = v;
      EXPECT_FALSE(parse(bad, &out)) << "'" << bad << "'";
      EXPECT_EQ(out, v);
    }
  }
}

TEST(Names, EveryEnumNameParsesBack) {
  ExpectNamesRoundTrip(parse_optimizer, {OptimizerKind::CG, OptimizerKind::LBFGS, OptimizerKind::SGD,
                                         OptimizerKind::Momentum, OptimizerKind::Adam});
  ExpectNamesRoundTrip(parse_activation, {Activation::Sigmoid, Activation::Tanh, Activation::Relu});
  ExpectNamesRoundTrip(parse_output, {OutputKind::SigmoidBCE, OutputKind::SoftmaxCE});
  ExpectNamesRoundTrip(parse_fold_scheme, {FoldScheme::Contiguous, FoldScheme::StratifiedShuffled});
  ExpectNamesRoundTrip(parse_sweep_kind, {SweepKind::Lambda, SweepKind::TrainSize});
  ExpectNamesRoundTrip(parse_knn_scaling, {KnnScaling::Raw, KnnScaling::Divide16, KnnScaling::Standardize});
  ExpectNamesRoundTrip(parse_scaling, {Scaling::Divide16, Scaling::Standardize});
}

TEST(Names, ParseNameFindsOnlyTheListedValues) {
  Activation a = Activation::Sigmoid;
  EXPECT_FALSE(parse_name("relu", {Activation::Sigmoid, Activation::Tanh}, &a));   // not in the list
  EXPECT_EQ(a, Activation::Sigmoid);
  EXPECT_TRUE(parse_name("tanh", {Activation::Sigmoid, Activation::Tanh}, &a));
  EXPECT_EQ(a, Activation::Tanh);
}

}  // namespace
}  // namespace bpl
