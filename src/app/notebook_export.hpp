// "Continue in Python": the main session's network as a Jupyter notebook (nbformat 4) that
// rebuilds it in plain NumPy, in the spirit of the original Andrew-Ng-style notebook with its
// bugs fixed and commented where the original went wrong (log10 -> ln, g'(a) -> g'(z), the
// regularized column, every layer sliced from offset 0, the init range; see
// nn/notebook_mistakes.hpp and README "The maths").
//
// The notebook embeds the UCI digits and the page's exact split (indices into the file), the
// input scaling (a standardizing scaler's mean/std as fitted on the training split), the trained
// float32 weights (9 significant digits: each reads back to the same float32), and the Backprop
// stepper's current example. Its code cells run top to bottom with python3 and NumPy alone
// (matplotlib optional, guarded); no shell commands or magics. The last code cell prints one line
//   RESULT {"test_accuracy": ..., "example": ..., "loss": ..., "dW_norms": [per layer]}
// computed by the notebook itself: the test accuracy as the page counts it (AppState::
// test_accuracy(): float32 network, argmax, ties to the lower digit) and the trace of the example
// as nn/trace.hpp computes it (double precision from the float32 weights; the loss and the
// Frobenius norm of each layer's dW = data part + lambda part).
#pragma once
#include <cmath>
#include <string>

#include "core/status.hpp"
#include "core/types.hpp"
#include "train/trainer.hpp"

namespace bpl {

class AppState;

// The example the notebook traces (the Backprop stepper's).
struct NotebookExample {
  int index = -1;          // dataset index (0..1796), or -1 for a sketch
  VecD pixels;             // its 64 raw values 0..16
  int label = 0;           // the class the trace is one-hot for
};

// The page's own figures at export time, quoted in the notebook beside its own (never used by
// its computations). NaN: not known.
struct NotebookPageFigures {
  double test_accuracy = NAN;
  double train_loss = NAN, val_loss = NAN;   // data terms of the last history point (float32)
  double trace_loss = NAN;                   // the stepper's loss of the example
  int iteration = 0;
};

// The notebook's JSON text for trainer t (its config, weights, scaling and split of t.data())
// and example ex. Errors: no data, an example of the wrong size or label.
Result<std::string> make_notebook(const Trainer& t, const NotebookExample& ex, const NotebookPageFigures& page);

// The app's export (window.lab.exportNotebook, Model > Export as notebook): the main session and
// the Backprop stepper's current example. A stale trace is re-traced first (the notebook embeds
// the current weights, so its trace must be of them); with no example yet the stepper is given
// one (its opening example), so that lab.backprop.trace() afterwards is the notebook's example.
Result<std::string> export_notebook(AppState& app);

// "backprop-lab-64-25-10.ipynb": the file name the page downloads.
std::string notebook_file_name(const Architecture& A);

}  // namespace bpl
