// "Continue in Python" (src/app/notebook_export.hpp): the exported Jupyter notebook's structure,
// and - when /usr/bin/python3 with NumPy is present - its code cells run top to bottom as one
// script, whose RESULT line must equal the engine's own figures: the app's test accuracy and the
// Backprop stepper's trace (loss, Frobenius norm of each layer's dW; relative 1e-9).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/notebook_export.hpp"
#include "digits_fixture.hpp"

namespace bpl {
namespace {

using nlohmann::json;

constexpr const char* kPython = "/usr/bin/python3";

// Why the notebook cannot be run here ("" when it can).
std::string python_missing() {
  static const std::string why = [] {
    std::ifstream f(kPython);
    if (!f.good()) return std::string(kPython) + " is not installed (Debian: python3, python3-numpy)";
    if (std::system((std::string(kPython) + " -c 'import numpy' >/dev/null 2>&1").c_str()) != 0)
      return std::string("NumPy is not installed for ") + kPython + " (Debian: python3-numpy)";
    return std::string();
  }();
  return why;
}

// The code cells, concatenated in order.
std::string code_of(const json& nb) {
  std::string py;
  for (const json& c : nb["cells"]) {
    if (c["cell_type"] != "code") continue;
    for (const json& line : c["source"]) py += line.get<std::string>();
    py += "\n\n";
  }
  return py;
}

struct PyRun {
  int status = -1;
  std::vector<std::string> lines;   // stdout
};

PyRun run_python(const std::string& code, const std::string& name) {
  const std::string dir = ::testing::TempDir();
  const std::string py = dir + "/" + name + ".py", err = dir + "/" + name + ".err";
  {
    std::ofstream out(py);
    out << code;
  }
  PyRun r;
  FILE* p = popen((std::string(kPython) + " " + py + " 2>" + err).c_str(), "r");
  if (!p) return r;
  std::string line;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      r.lines.push_back(line);
      line.clear();
    }
  }
  if (!line.empty()) r.lines.push_back(line);
  r.status = pclose(p);
  if (r.status != 0) {
    std::ifstream e(err);
    std::string msg((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
    ADD_FAILURE() << "the notebook's code failed (" << py << "):\n" << msg;
    return r;   // kept for a look
  }
  std::remove(py.c_str());
  std::remove(err.c_str());
  return r;
}

void expect_relative(double got, double want, const char* what) {
  EXPECT_LE(std::abs(got - want), 1e-9 * std::max(std::abs(want), 1e-300)) << what << ": " << got << " vs " << want;
}

class Notebook : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(app.load_data_csv(digits_csv()).ok()); }
  // Trains `cfg` for `steps` optimizer steps (training paused: the test accuracy is known).
  void train(const TrainConfig& cfg, int steps) {
    ASSERT_TRUE(app.set_config(cfg).ok());
    app.set_training(false);
    app.step(steps);
    ASSERT_TRUE(std::isfinite(app.test_accuracy()));
  }
  json exported() {
    Result<std::string> text = export_notebook(app);
    EXPECT_TRUE(text.ok()) << text.message();
    const json nb = json::parse(text.value, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(nb.is_discarded()) << "the notebook is not JSON";
    return nb;
  }
  // Runs the notebook and compares its RESULT line with the app's figures.
  void run_and_compare(const json& nb, const std::string& name) {
    const std::string why = python_missing();
    if (!why.empty()) GTEST_SKIP() << "not running the notebook: " << why;
    const PyRun r = run_python(code_of(nb), name);
    ASSERT_EQ(r.status, 0);
    ASSERT_FALSE(r.lines.empty());
    int results = 0;
    for (const std::string& l : r.lines) results += l.rfind("RESULT ", 0) == 0;
    EXPECT_EQ(results, 1) << "exactly one RESULT line";
    const std::string& last = r.lines.back();
    ASSERT_EQ(last.rfind("RESULT ", 0), 0u) << "the last line is not the RESULT: " << last;
    const json res = json::parse(last.substr(7), nullptr, false);
    ASSERT_FALSE(res.is_discarded()) << last;
    const BackpropStepper& bp = app.backprop();
    ASSERT_TRUE(bp.has_trace());
    ASSERT_FALSE(bp.stale(app));
    EXPECT_EQ(res["test_accuracy"].get<double>(), app.test_accuracy()) << "the page's test accuracy, exactly";
    if (bp.source() == BackpropStepper::Source::Dataset)
      EXPECT_EQ(res["example"], json(bp.index()));
    else
      EXPECT_TRUE(res["example"].is_null());
    expect_relative(res["loss"].get<double>(), bp.trace().loss, "loss");
    ASSERT_EQ(res["dW_norms"].size(), static_cast<std::size_t>(bp.trace().L()));
    for (int l = 1; l <= bp.trace().L(); ++l)
      expect_relative(res["dW_norms"][static_cast<std::size_t>(l - 1)].get<double>(), bp.trace().layer(l).dW().norm(),
                      ("|dW| of layer " + std::to_string(l)).c_str());
    for (const std::string& l : r.lines)
      if (l.rfind("PASS", 0) == 0 || l.rfind("FAIL", 0) == 0) {
        EXPECT_EQ(l.rfind("PASS", 0), 0u) << "the gradient check: " << l;
      }
  }
  AppState app;
};

TEST_F(Notebook, IsAJupyterNotebookOfPlainPython) {
  TrainConfig c = plain_config({10}, 20);
  train(c, 5);
  const json nb = exported();
  ASSERT_TRUE(nb.is_object());
  EXPECT_EQ(nb["nbformat"], 4);
  EXPECT_GE(nb["nbformat_minor"].get<int>(), 4);
  EXPECT_EQ(nb["metadata"]["kernelspec"]["language"], "python");
  ASSERT_TRUE(nb["cells"].is_array());
  int code = 0, markdown = 0;
  std::string last_code;
  for (const json& cell : nb["cells"]) {
    ASSERT_TRUE(cell["source"].is_array());
    ASSERT_TRUE(cell["metadata"].is_object());
    ASSERT_TRUE(cell["id"].is_string());
    std::string src;
    for (const json& l : cell["source"]) src += l.get<std::string>();
    if (cell["cell_type"] == "code") {
      ++code;
      EXPECT_TRUE(cell["outputs"].is_array() && cell["outputs"].empty());
      EXPECT_TRUE(cell["execution_count"].is_null());
      // No shell commands or IPython magics: plain Python, runnable by python3.
      for (const json& l : cell["source"]) {
        const std::string s = l.get<std::string>();
        EXPECT_NE(s.rfind("!", 0), 0u) << s;
        EXPECT_NE(s.rfind("%", 0), 0u) << s;
      }
      last_code = src;
    } else {
      EXPECT_EQ(cell["cell_type"], "markdown");
      ++markdown;
    }
  }
  EXPECT_GE(code, 8);
  EXPECT_GE(markdown, 8);
  EXPECT_NE(last_code.find("RESULT"), std::string::npos);
  // The fixes are commented where the original went wrong, and the fixed maths is what runs.
  const std::string py = code_of(nb);
  for (const char* s : {"np.log10", "np.log1p", "g_prime(zs[l - 1])", "The original notebook went wrong here",
                        "np.sqrt(6.0) / np.sqrt(n_in + n_out)"})
    EXPECT_NE(py.find(s), std::string::npos) << s;
  EXPECT_EQ(py.find("import matplotlib.pyplot as plt\n"), py.find("import matplotlib")) << "matplotlib is optional";
  EXPECT_NE(py.find("except ImportError"), std::string::npos);
  // The exported example is the stepper's, traced under the current weights.
  EXPECT_TRUE(app.backprop().has_trace());
  EXPECT_EQ(nb["metadata"]["backprop_lab"]["example"], json(app.backprop().index()));
  EXPECT_EQ(notebook_file_name(app.config().arch), "backprop-lab-64-10-10.ipynb");
}

// The weights embedded read back to the same float32 bits.
TEST_F(Notebook, EmbedsTheExactWeights) {
  train(plain_config({7}, 20), 3);
  const json nb = exported();
  const std::string py = code_of(nb);
  const std::size_t a = py.find("THETA_TEXT = \"\"\"\n"), b = py.find("\"\"\"", a + 17);
  ASSERT_NE(a, std::string::npos);
  std::istringstream in(py.substr(a + 17, b - a - 17));
  std::vector<float> theta;
  for (std::string w; in >> w;) theta.push_back(std::strtof(w.c_str(), nullptr));
  const VecF& live = app.trainer().net().theta();
  ASSERT_EQ(static_cast<Index>(theta.size()), live.size());
  for (Index i = 0; i < live.size(); ++i) ASSERT_EQ(theta[static_cast<std::size_t>(i)], live[i]) << "parameter " << i;
}

TEST_F(Notebook, ReaderNetworkMatchesThePage) {   // the default: ReLU + softmax, Adam, augmented
  TrainConfig c = app.config();
  c.arch.hidden = {32};
  c.max_iterations = 3;
  train(c, 60);
  run_and_compare(exported(), "reader");
}

TEST_F(Notebook, NotebookNetworkMatchesThePage) {   // sigmoid + sigmoid outputs, lambda 1, CG
  ASSERT_TRUE(app.apply_preset("notebook").ok());
  TrainConfig c = app.config();
  c.max_iterations = 15;
  train(c, 15);
  run_and_compare(exported(), "notebook");
}

TEST_F(Notebook, DeepTanhStandardizedMomentumMatchesThePage) {
  TrainConfig c = plain_config({12, 8}, 5);
  c.arch.activation = Activation::Tanh;
  c.arch.output = OutputKind::SoftmaxCE;
  c.scaling = Scaling::Standardize;
  c.optim = OptimizerConfig::for_kind(OptimizerKind::Momentum);
  c.lambda = 0.3;
  train(c, 40);
  ASSERT_TRUE(app.backprop().next_mistake(app).ok() || app.backprop().open_instructive(app).ok());
  run_and_compare(exported(), "tanh");
}

TEST_F(Notebook, NoHiddenLayerAndASketchMatchThePage) {
  TrainConfig c = plain_config({}, 10);
  c.arch.output = OutputKind::SigmoidBCE;
  c.lambda = 0;
  train(c, 10);
  VecD sketch = app.data().X.col(3);
  sketch[10] = std::min(16.0, sketch[10] + 5);
  ASSERT_TRUE(app.backprop().select_sketch(app, sketch, 4).ok());
  app.step(1);   // the trace is now stale: the export traces it again under the current weights
  const json nb = exported();
  EXPECT_TRUE(nb["metadata"]["backprop_lab"]["example"].is_null());
  run_and_compare(nb, "sketch");
}

}  // namespace
}  // namespace bpl
