// The lessons (see lessons.hpp). One entry per lesson; each step: title, text, action, the panel
// and control to highlight, the goal, and the predict-then-reveal question; then the lesson's
// setup (the network it talks about: lessons about sigmoid units, the notebook's bugs and weight
// pictures use the Notebook preset, lessons about reading the Reader).
#include "app/lessons.hpp"

#include <utility>

namespace bpl {

namespace {

// What each lesson runs on (LessonSetup: preset, seed, speed, every-step points, train at the
// start, panels), by lesson id; lessons not listed keep the student's setup.
const std::vector<std::pair<std::string, LessonSetup>>& lesson_setups() {
  static const std::vector<std::pair<std::string, LessonSetup>> kSetups = {
      {"learn", {"notebook", 0, 5, false, false, {"training"}}},   // slow motion: 5 iterations a second
      // Sigmoid tiles, trained now from seed 3: its ring-shaped unit (16) is also the unit zeros
      // excite most, alike in the native and the WebAssembly build (seed 1's differs between them).
      {"unit", {"notebook", 3, 0, false, true, {"weights"}}},
      {"forward", {"notebook", 0, 0, false, false, {"backprop"}}}, // sigmoid units
      {"error", {"notebook", 0, 0, false, false, {"backprop"}}},
      {"gradient", {"notebook", 0, 0, false, false, {"backprop"}}},
      {"gradcheck", {"notebook", 0, 0, false, false, {"gradcheck"}}},   // the notebook's bugs
      {"lambda", {"notebook", 0, 0, false, false, {}}},            // the notebook's lambda = 1
      {"sketch", {"reader", 0, 0, false, false, {}}},              // reading drawings
  };
  return kSetups;
}

std::vector<Lesson> with_setups(std::vector<Lesson> all) {
  for (Lesson& l : all)
    for (const auto& [id, setup] : lesson_setups())
      if (l.id == id) l.setup = setup;
  return all;
}

const std::vector<Lesson>& lesson_table() {
  static const std::vector<Lesson> kLessons = {
      {"data",
       "1. The data: 8x8 digits",
       {{"64 numbers per digit",
         "Every example is a tiny 8x8 image: 64 numbers from 0 (white) to 16 (black). Each number counts the "
         "inked pixels in a 4x4 block of a 32x32 scan of a handwritten digit. The network sees only these 64 "
         "numbers and the label.",
         "Open the Data panel and click any digit to make it the current input.",
         "data", "", "example",
         {"How many numbers does the network receive for one image?",
          {"8", "64", "1024 (the 32x32 scan)", "10"},
          1,
          "8 x 8 = 64 inputs, each 0..16. The 32x32 scan itself is never seen: it was summed into 4x4 blocks."}},
        {"Train, validation, test",
         "The 1,797 digits are split at random: 60% train the network, 20% (validation) choose settings such "
         "as lambda, and 20% (test) are used once, to report how well the network reads digits it has never seen.",
         "Look at the split sizes at the top of the Data panel.",
         "data", "", "panel:data",
         {"Why keep a test set that the network never trains on?",
          {"It makes training faster", "It measures how well the network reads new digits",
           "The test digits are harder"},
          1,
          "A network can memorize its training images. Only images it never saw tell how well it generalizes."}}}},
      {"learn",
       "2. Watch the network learn",
       {{"The cost goes down",
         "Training repeats one idea: compute the cost J (how wrong the network is on the training images), "
         "then change every weight a little in the direction that lowers J. In slow motion (5 iterations "
         "a second) every iteration adds a point to the curves, so you can follow each one.",
         "Press Reset, then Train, and watch the Training panel's loss for 20 iterations (4 seconds).",
         "training", "reset", "iterations:20",
         {"Before you press Train: what will the training loss do over the first 20 iterations?",
          {"Rise, then fall", "Fall quickly, then level off", "Stay flat"},
          1,
          "Random weights are very wrong, so the first steps help a lot; later steps fine-tune and the curve "
          "levels off."}},
        {"Train vs validation",
         "The Training panel draws two curves: the images the network learns from (train) and images it "
         "does not learn from (validation).",
         "Keep training for 40 more iterations and compare the two accuracy curves (outlined).",
         "training", "training:accuracy", "iterations:40",
         {"Which accuracy will end higher?",
          {"Train", "Validation", "Exactly equal"},
          0,
          "The network is fitted to the training images, so it does better on them. The gap between the "
          "curves is overfitting; lambda (lesson 8) controls it."}}}},
      {"unit",
       "3. What one hidden unit looks for",
       {{"Weights as pictures",
         "A hidden unit computes z = w.x + b from the 64 pixels. Drawing its 64 weights as an 8x8 tile "
         "shows what it looks for: red pixels push the unit on, blue pixels push it off. The lesson trains "
         "the notebook's network: watch its tiles turn from noise into strokes.",
         "When training has stopped, tap the tile outlined in orange: it is pinned, large, with its numbers.",
         "weights", "weights:ring", "unit",
         {"The outlined unit has red weights on a ring and blue weights in the middle. Which digit excites "
          "it most?",
          {"0", "1", "7"},
          0,
          "A 0 puts ink on the ring (red: positive contributions) and none in the middle (blue: no penalty), "
          "so its z is the largest. The pinned tile lists the digit with the largest mean z: check it."}}}},
      {"forward",
       "4. One digit through the forward pass",
       {{"z = W a + b, then a = g(z)",
         "The forward pass takes one digit through the network layer by layer: each layer computes "
         "z = W a + b from the previous activations, then squashes it, a = g(z). The last layer's a are "
         "the class probabilities.",
         "Open the Backprop panel and press Next until it shows the loss of one digit.",
         "backprop", "backprop:next", "stepper:loss",
         {"A hidden unit's z is large and positive (say 6). With the sigmoid, its activation a is close to...",
          {"0", "0.5", "1"},
          2,
          "sigmoid(6) = 1 / (1 + e^-6) = 0.9975: large positive z saturates the unit at 1."}}}},
      {"error",
       "5. The output error and one delta flowing back",
       {{"delta at the output",
         "Backpropagation starts at the output: for these output/loss pairs the error of each output unit "
         "is simply delta = a - y, the predicted probability minus the label (1 for the true class, 0 for "
         "the others).",
         "In the Backprop panel, press Next until the output error (delta at the output).",
         "backprop", "backprop:next", "stepper:output_delta",
         {"The network gives p = 0.9 to class 3 but the label is 7. What is delta for class 3?",
          {"-0.9", "0.9", "0.1"},
          1,
          "delta = a - y = 0.9 - 0 = 0.9: a large positive error that will push class 3's z down."}},
        {"delta flows back",
         "A hidden unit's delta collects the deltas of the units it feeds, weighted by the connecting "
         "weights, times its own slope: delta_l = (W_{l+1}^T delta_{l+1}) .* g'(z_l).",
         "Press Next to the hidden layer's delta, then tap one of its values to see its terms.",
         "backprop", "backprop:next", "explained:hidden_delta",
         {"A sigmoid hidden unit is saturated (a close to 1). Its delta will be...",
          {"Large", "Close to 0", "Always negative"},
          1,
          "g'(z) = a(1 - a) is about 0 when a is near 1, so almost no error flows through a saturated unit."}}}},
      {"gradient",
       "6. One gradient and the update",
       {{"dJ/dW = delta a^T",
         "The gradient of a weight is the delta of the unit it feeds times the activation it carries: "
         "dJ/dw_ij = delta_i a_j (plus lambda/m w_ij from the regularizer).",
         "Press Next until the Backprop panel shows the gradients.",
         "backprop", "backprop:next", "stepper:gradient",
         {"The weight from a white pixel (value 0) to a hidden unit: its gradient's data part is...",
          {"0", "delta of the unit", "1"},
          0,
          "delta_i x 0 = 0: a pixel with no ink cannot be blamed, so its weights only feel the regularizer."}}}},
      {"gradcheck",
       "7. Gradient checking catches a bug",
       {{"Numbers against calculus",
         "A gradient check moves one weight by +-epsilon, measures the change of J, and compares "
         "(J(w+e) - J(w-e)) / 2e with backprop's value. The original notebook had bugs that this check finds.",
         "In the Gradient check panel, choose the mistake \"g'(a) instead of g'(z)\" (a bug of sigmoid "
         "units, as this network's) and press Run.",
         "gradcheck", "gradcheck:run", "gradcheck:sigmoid_prime_of_a:fail",
         {"If backprop uses g'(a) instead of g'(z), what will the gradient check show?",
          {"It passes: the bug is too small", "It fails on the hidden layers"},
          1,
          "sigma'(a) is a different number from sigma'(z), so every hidden delta is wrong and the analytic "
          "and numeric gradients disagree."}},
        {"What it cannot catch",
         "Not every bug changes the gradient. Initializing weights with log instead of sqrt gives a "
         "different starting point, but backprop is still exact for it.",
         "Choose the mistake \"log instead of sqrt in the init range\" and press Run.",
         "gradcheck", "gradcheck:run", "gradcheck:log_init:pass",
         {"Will the gradient check catch the log-init bug?",
          {"Yes", "No: only the training curve shows it"},
          1,
          "The check compares two ways of computing the SAME gradient; a bad starting point is not a wrong "
          "gradient. The learning curve (slow or stuck training) is what reveals it."}}}},
      {"lambda",
       "8. Over- and under-fitting with lambda",
       {{"lambda trades fit for simplicity",
         "The regularizer lambda/(2m) sum W^2 punishes large weights. With lambda = 0 the network may "
         "memorize the training images; with a huge lambda it cannot fit anything.",
         "Open the Bias / variance panel and run a lambda sweep.",
         "sweep", "", "panel:sweep",
         {"Which lambda gives the best validation accuracy?",
          {"lambda = 0", "A very large lambda (100)", "Something in between"},
          2,
          "Too little regularization overfits (train >> validation), too much underfits (both low); the "
          "best validation accuracy lies in between."}}}},
      {"sketch",
       "9. Sketch your own digit",
       {{"A network that reads",
         "The Sketch panel asks the network as it is right now. A network that has not been trained (such "
         "as this fresh one, about 10% validation accuracy) answers at random. This lesson uses the Reader "
         "preset, which reads drawings best: besides the dataset it learns from pen-drawn digits in "
         "styles the dataset's writers rarely used (Network panel, Augment tab).",
         "Train until the validation accuracy passes 90% (the toolbar shows it).",
         "training", "train", "accuracy:90",
         {"A network with random weights reads your sketch. How often will it be right?",
          {"About 1 time in 10: it is guessing", "Most of the time: the pipeline does the work", "Never"},
          0,
          "Random weights favour no digit in particular, so about one answer in ten is right by luck: "
          "only training makes the network read."}},
        {"From strokes to 64 numbers",
         "Your strokes go through the same pipeline as the dataset: they are cropped and scaled to a 32x32 "
         "bitmap, then 4x4 blocks are counted into the 8x8 input.",
         "Draw a digit on the Sketch panel's pad.",
         "sketch", "", "sketch",
         {"You draw a small 7 in a corner of the pad. Will the network still read it?",
          {"Yes: the strokes are cropped and scaled first", "No: it only reads centred digits"},
          0,
          "The pipeline crops the ink's bounding box and stretches it to a 20x32 box in the middle of the "
          "32x32 frame, as the dataset's scans were, so position, size and even width matter little."}},
        {"Explain the answer",
         "The Decision panel shows all ten probabilities and the hidden activations for your digit. When "
         "the top probability is low, the network is unsure between a few candidates.",
         "Open the Decision panel and read the probabilities for your sketch.",
         "decision", "", "panel:decision",
         {"The network reads your 7 as 1 with p = 0.45 and 7 with p = 0.40. What does that say?",
          {"The network is sure it is a 1", "It is unsure between 1 and 7", "The sketch is empty"},
          1,
          "Probabilities this close mean the evidence for both is similar: a bar across the 7 or a longer "
          "top stroke would separate them."}},
        {"It learns your handwriting",
         "Draw a digit the network misreads (your own way of writing it: a slashed 0, a 1 with a long "
         "flag, a 4 drawn open...). Under the reading, \"Wrong? It was a ...\" adds your drawing with the "
         "right label to My digits (the strip in the Data panel's My digits tab). Draw it and correct it five times, tick "
         "\"Train with my digits\" in the Data panel, wait for training to finish, and draw it again.",
         "Correct a misread digit five times, tick \"Train with my digits\" in the Data panel's My digits tab "
         "(training starts), then draw it again.",
         "data", "data:tab_my", "sketch",
         {"Five of your digits join about 2,000 training images (1,078 from the dataset, 1,000 by pen writers). After training, the network...",
          {"Still misreads it: five images are too few to matter",
           "Reads it right, and still reads the dataset as well as before",
           "Reads it right, but forgets the dataset"},
          1,
          "The network fits every training image, so five close copies of your style pull its answer for "
          "that style alone; the validation and test images are untouched (My digits are never in them), "
          "and their accuracy stays where it was."}}}},
  };
  return kLessons;
}

}  // namespace

const std::vector<Lesson>& lessons() {
  static const std::vector<Lesson> kAll = with_setups(lesson_table());
  return kAll;
}

}  // namespace bpl
