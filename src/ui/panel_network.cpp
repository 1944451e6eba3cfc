// Network panel: what is trained and how. A preset selector (the active preset, or "Custom"
// once any setting differs); hidden layers, activation, output layer, lambda, the optimizer and
// its parameters, augmentation with a live preview strip, stopping rules and seeds, with
// Train/Pause, Step and Reset.
// Edits go into a pending TrainConfig and are applied with AppState::set_config as soon as the
// edited control is released (so typing "100" does not build a 1-unit then a 10-unit network).
// Inputs are clamped to what the engine accepts; a rejected config shows the engine's message.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

#include "app/app_state.hpp"
#include "optim/optimizer_registry.hpp"
#include "train/presets.hpp"
#include "ui/panel.hpp"
#include "ui/plot.hpp"

namespace bpl::ui {
namespace {

bool same_config(const TrainConfig& a, const TrainConfig& b) { return a == b; }   // every field

class NetworkPanel final : public Panel {
 public:
  const char* name() const override { return "network"; }
  bool needs_data() const override { return false; }  // usable while the digits load
  const char* title() const override { return "Network: architecture & optimizer"; }
  Slot slot() const override { return {0.0f, 0.0f, 0.24f, 0.53f}; }

  void draw(AppState& app) override {
    F_ = ImGui::GetFontSize();
    // Follow the app's config unless the user is in the middle of an edit (window.lab.setConfig
    // and other panels may change it too).
    if (!dirty_ && (!synced_ || !same_config(app.config(), seen_))) {
      pending_ = app.config();
      seen_ = pending_;
      synced_ = true;
    }
    const bool ready = app.has_data();
    draw_buttons(app, ready);
    draw_preset(app, ready);
    draw_summary(app);
    if (!ready) ImGui::BeginDisabled();
    draw_sections(app);
    if (!ready) ImGui::EndDisabled();

    // Apply once no widget is being edited (a text field being typed in, a slider being dragged).
    if (dirty_ && !ImGui::IsAnyItemActive()) {
      dirty_ = false;
      if (!same_config(pending_, app.config())) {
        Status s = app.set_config(pending_);
        error_ = s.ok() ? std::string() : s.message();
      }
      pending_ = app.config();
      seen_ = pending_;
    }
  }

 private:
  TrainConfig pending_;   // what the controls show and edit
  TrainConfig seen_;      // app.config() when pending_ was last synced
  bool synced_ = false;
  bool dirty_ = false;    // pending_ edited, not applied yet
  std::string error_;
  float F_ = 13;
  int preview_sample_ = 0;  // which training image the augmentation preview distorts
  int drawn_first_ = 0;     // the first drawn-style digit the "Drawn digits" strip shows

  void changed() { dirty_ = true; }

  // The width of a field with a -/+ pair beside it: room for four digits however narrow the panel.
  float min_field_width() const {
    return 3.5f * F_ + 2.0f * (ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  }
  // Fields as wide as the column leaves after `label_room` for their labels, but never too narrow
  // to show their number (a narrow column, e.g. a portrait tablet, clips the label instead).
  void push_field_width(float label_room) const {
    ImGui::PushItemWidth(std::max(ImGui::GetContentRegionAvail().x - label_room, min_field_width()));
  }

  // ------------------------------------------------------------------ sections
  // Model / Optimizer / Augment / Stopping: compact tabs when their full names fit the column
  // (1280 pixels wide); in a narrower one (a 1024-pixel tablet, a larger UI scale) a 2x2 grid of
  // buttons instead, since ImGui would cut the tab names to "Optimi..." and "Augme...".
  int section_ = 0;
  bool section_tabs_ = true;   // last frame's choice (a switch re-selects the same section)

  void draw_section(AppState& app, int i) {
    static const char* kChild[] = {"##model", "##optim", "##augment", "##stop"};
    ImGui::BeginChild(kChild[i]);
    switch (i) {
      case 0: draw_model(); break;
      case 1: draw_optimizer(); break;
      case 2: draw_augment(app); break;
      default: draw_stopping(); break;
    }
    ImGui::EndChild();
  }

  void draw_sections(AppState& app) {
    static const char* kNames[] = {"Model", "Optimizer", "Augment", "Stopping"};
    static const char* kTips[] = {
        "Hidden layers, activation, output layer, regularization, initial weights.",
        "How the weights are updated from the gradient, and its parameters.",
        "Random distortions of the training images (rotation, shear, size, position, stroke thickness) "
        "and drawn-style digits made by the Sketch pad's pipeline. Live previews show what the network "
        "is trained on.",
        "When training stops: iteration/epoch limit and early stopping."};
    const ImGuiStyle& st = ImGui::GetStyle();
    const float avail = ImGui::GetContentRegionAvail().x;
    // Compact tabs: a fifth of a font of padding, little space between them.
    const ImVec2 pad(0.2f * F_, st.FramePadding.y), inner(0.15f * F_, st.ItemInnerSpacing.y);
    float need = 0;
    for (const char* n : kNames) need += ImGui::CalcTextSize(n).x + 2.0f * pad.x + 1.0f + inner.x;
    const bool tabs = need <= avail;
    const bool switched = tabs != section_tabs_;
    section_tabs_ = tabs;
    if (tabs) {
      auto compact = [&] {
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, pad);
        ImGui::PushStyleVar(ImGuiStyleVar_ItemInnerSpacing, inner);
      };
      compact();
      if (ImGui::BeginTabBar("##net_tabs")) {
        for (int i = 0; i < 4; ++i) {
          const bool open = ImGui::BeginTabItem(kNames[i], nullptr, switched && i == section_ ? ImGuiTabItemFlags_SetSelected : 0);
          tooltip(kTips[i]);
          if (!open) continue;
          if (!switched) section_ = i;
          ImGui::PopStyleVar(2);   // the section's own controls keep the normal spacing
          draw_section(app, i);
          compact();
          ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
      }
      ImGui::PopStyleVar(2);
      return;
    }
    const float w = std::floor(0.5f * (avail - st.ItemSpacing.x));
    for (int i = 0; i < 4; ++i) {
      if (i % 2) ImGui::SameLine();
      const bool selected = i == section_;
      if (selected) ImGui::PushStyleColor(ImGuiCol_Button, st.Colors[ImGuiCol_HeaderActive]);
      if (ImGui::Button(kNames[i], ImVec2(w, 0))) section_ = i;
      if (selected) ImGui::PopStyleColor();
      tooltip(kTips[i]);
    }
    ImGui::Separator();
    draw_section(app, section_);
  }

  // ------------------------------------------------------------------ buttons + summary
  void draw_buttons(AppState& app, bool ready) {
    if (!ready) ImGui::BeginDisabled();
    const bool training = app.training();
    // Same look as the toolbar's Train/Pause (pale green / pale orange).
    push_train_button_colors(training);
    const float bw = std::max(ImGui::CalcTextSize("\u25B6 Train").x, ImGui::CalcTextSize("\u25AE\u25AE Pause").x) +
                     2 * ImGui::GetStyle().FramePadding.x;
    if (ImGui::Button(training ? "\u25AE\u25AE Pause###train" : "\u25B6 Train###train", ImVec2(bw, 0))) app.set_training(!training);
    ImGui::PopStyleColor(2);
    tooltip(training ? "Pause training (the test accuracy is computed when training pauses or stops)."
                     : "Train: run the optimizer continuously; the curves and weights update live. "
                       "After a stop, Train continues past the limit.");
    ImGui::SameLine();
    if (ImGui::Button("Step", ImVec2(3.8f * F_, 0))) {
      app.set_training(false);
      app.step(1);
    }
    tooltip(is_minibatch(app.config().optim.kind) ? "Pause, then one optimizer step: one minibatch update."
                                                  : "Pause, then one optimizer step: one full-batch iteration with its line search.");
    ImGui::SameLine();
    if (ImGui::Button("\u21BA Reset weights")) app.reset();
    tooltip("Re-initialize the weights from the init seed (small random values) and clear the curves.");
    if (!ready) ImGui::EndDisabled();
  }

  // ------------------------------------------------------------------ preset selector
  void draw_preset(AppState& app, bool ready) {
    const std::string& active = app.preset();
    const Preset* cur = find_preset(active);
    const bool pending_edit = dirty_ && !same_config(pending_, app.config());
    const char* label = cur && !pending_edit ? cur->name.c_str() : "Custom (your own settings)";
    if (!ready) ImGui::BeginDisabled();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Preset");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (begin_combo("##preset", label)) {
      for (const Preset& p : presets()) {
        if (ImGui::Selectable(p.name.c_str(), p.id == active && !pending_edit)) {
          dirty_ = false;
          Status s = app.apply_preset(p.id);
          error_ = s.ok() ? std::string() : s.message();
        }
        name_item("network:preset:" + p.id);
        if (ImGui::IsItemHovered()) tooltip(p.summary.c_str());
      }
      ImGui::Selectable("Custom (your own settings)", !cur || pending_edit, ImGuiSelectableFlags_Disabled);
      ImGui::EndCombo();
    }
    if (!ready) ImGui::EndDisabled();
    tooltip("A preset sets every setting below at once. \"Reader\" is chosen for reading what you draw "
            "(by validation accuracy); \"Notebook\" is the original notebook's network. Changing any "
            "setting makes it \"Custom\". Choosing a preset re-initializes the weights.");
    // The full name (the combo may be too narrow for it) and what the preset is for.
    ImGui::PushTextWrapPos(0);
    if (cur && !pending_edit) {
      ImGui::TextDisabled("%s", cur->name.c_str());
      tooltip(cur->summary.c_str());
    } else {
      ImGui::TextDisabled("Custom: changed from the preset; pick a preset to go back.");
    }
    ImGui::PopTextWrapPos();
  }

  // ------------------------------------------------------------------ Augment tab
  // A slider for one range of the distortion; returns true when it changed.
  bool range_slider(const char* label, double* v, double hi, const char* fmt, const char* help) {
    double x = *v;
    const double lo = 0.0;
    bool changed_now = false;
    if (slider_double(label, &x, lo, hi, fmt, ImGuiSliderFlags_AlwaysClamp)) {
      *v = std::isfinite(x) ? std::clamp(x, lo, hi) : 0.0;
      changed();
      changed_now = true;
    }
    tooltip(help);
    return changed_now;
  }

  void draw_augment(AppState& app) {
    AugmentConfig& a = pending_.augmentation;
    bool aug = pending_.augment;
    if (ImGui::Checkbox("Train on distorted copies", &aug)) {
      pending_.augment = aug;
      changed();
    }
    tooltip("Also train on randomly distorted copies of every training image (same labels): the network "
            "learns that a digit stays the same digit when it is tilted, slanted, larger, smaller or moved, "
            "which is how people's drawings differ from the dataset's. Minibatch optimizers get fresh "
            "copies every epoch; conjugate gradient and L-BFGS one fixed set (their line searches need one "
            "fixed cost). Changing it re-initializes the weights.");
    draw_preview_strip(app);  // first, so it stays in view while the sliders below move
    push_field_width(7.0f * F_);
    range_slider("Rotation ±°", &a.rotation_deg, 45.0, "%.0f",
                 "Largest tilt in degrees; each copy turns by a random angle in ±this (0..45).");
    range_slider("Shear ±", &a.shear, 0.5, "%.2f",
                 "Largest slant: x moves by shear × y (0..0.5). Slanted handwriting.");
    range_slider("Scale ±", &a.scale, 0.5, "%.2f",
                 "Largest change of size, as a fraction: 0.15 = 85% .. 115% (0..0.5).");
    range_slider("Shift ± px", &a.shift, 2.0, "%.2f",
                 "Largest move in pixels of the 8x8 image, left/right and up/down separately (0..2).");
    range_slider("Thickness ±", &a.thickness, 1.0, "%.2f",
                 "Largest stroke change: > 0 spreads ink into neighbouring pixels (thicker pen), < 0 fades it "
                 "(thinner pen). 0..1. Off in the presets: it did not raise validation accuracy.");
    int copies = a.copies;
    if (slider_int("Copies", &copies, 1, 16, "%d", ImGuiSliderFlags_AlwaysClamp)) {
      a.copies = std::clamp(copies, 1, 16);
      changed();
    }
    tooltip("Distorted copies of each training image per epoch (1..16), besides the original. More copies: "
            "slower epochs, more variety.");
    draw_drawn_digits(app);
    unsigned long long seed = a.seed;
    if (input_u64("Seed##aug", &seed)) {
      a.seed = seed;
      changed();
    }
    tooltip("Seed of the random distortions (epoch e draws from this seed and e): same seed, same copies.");
    ImGui::PopItemWidth();
  }

  // "Drawn digits": how many drawn-style digits join the training images, and a strip of them.
  void draw_drawn_digits(AppState& app) {
    AugmentConfig& a = pending_.augmentation;
    int drawn = a.drawn;
    if (slider_int("Drawn digits", &drawn, 0, kMaxDrawnTraining, "%d", ImGuiSliderFlags_AlwaysClamp)) {
      a.drawn = std::clamp(drawn, 0, kMaxDrawnTraining);
      changed();
    }
    tooltip("Also train on this many digits drawn with a pen by a program, in styles people draw but the "
            "dataset's 43 writers rarely used (7s without a bar, 1s with a flag and a base, open and closed "
            "4s, 6s and 9s with straight stems), made into 8x8 images by the Sketch pad's own pipeline and "
            "distorted like the rest. The Reader preset uses 260 (10 of each of 26 shapes): validation "
            "drawings read right went from 89% to 98%, the validation accuracy stayed the same. 0..1040.");
    if (a.drawn == 0) return;
    ImGui::TextUnformatted("Drawn");
    ImGui::SameLine();
    if (ImGui::SmallButton("More##drawn")) drawn_first_ = (drawn_first_ + kStrip) % a.drawn;
    tooltip("Show the next drawn digits of the set.");
    ImGui::SameLine();
    help_marker("Drawn-style digits the network trains on: pen strokes made by a program, through the "
                "Sketch pad's pipeline (strokes -> 32x32 -> 8x8). The seed above picks their slant, width, "
                "size and jitter.");
    drawn_first_ %= a.drawn;   // the count may have shrunk
    const std::vector<VecD>& d = app.drawn_preview(a.seed, drawn_first_, std::min(kStrip + 1, a.drawn));
    std::vector<const double*> images;
    for (const VecD& v : d) images.push_back(v.data());
    digit_strip(images, false);
  }

  // A row of 8x8 thumbnails across the panel; the first framed in the text colour when it is the
  // original the others are made from.
  static constexpr int kStrip = 6;
  void digit_strip(const std::vector<const double*>& images, bool first_is_original) {
    const int cells = kStrip + 1;
    const float avail = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    const float gap = 0.35f * F_;
    const float cell = std::max(1.0f, std::floor((avail - gap * (cells + 1)) / (cells * 8.0f)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    for (int i = 0; i < static_cast<int>(images.size()) && i < cells; ++i) {
      const bool original = first_is_original && i == 0;
      const ImVec2 p(p0.x + i * (8 * cell + gap) + (first_is_original && i > 0 ? gap : 0), p0.y);
      draw_digit(dl, p, cell, images[static_cast<std::size_t>(i)]);
      dl->AddRect(p, ImVec2(p.x + 8 * cell, p.y + 8 * cell), original ? ImGui::GetColorU32(ImGuiCol_Text) : border);
    }
    ImGui::Dummy(ImVec2(avail, 8 * cell));
  }

  // The original training image, then distorted copies of it under the settings being edited.
  void draw_preview_strip(AppState& app) {
    ImGui::TextUnformatted("Preview");
    ImGui::SameLine();
    if (ImGui::SmallButton("Next digit")) ++preview_sample_;
    tooltip("Show another training image.");
    ImGui::SameLine();
    help_marker("Left: a training image as it is in the dataset. Right: random distorted copies of it "
                "with the settings above, the kind of images the network trains on.");
    const std::vector<VecD>& copies = app.augment_preview(pending_.augmentation, preview_sample_, kStrip);
    const VecD original = app.training_image(preview_sample_);
    std::vector<const double*> images = {original.data()};
    for (const VecD& c : copies) images.push_back(c.data());
    digit_strip(images, true);
    if (!pending_.augment) ImGui::TextDisabled("(off: training uses the originals only)");
    ImGui::Spacing();
  }

  void draw_summary(const AppState& app) {
    const Architecture& A = pending_.arch;
    // A mini diagram: one box per layer, height growing with log2(units).
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int L = A.layers();
    const float h = 2.6f * F_;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float step = std::min(4.2f * F_, avail / static_cast<float>(L + 1));
    const float bw = std::min(1.2f * F_, step * 0.45f);
    float prev_x = 0, prev_top = 0, prev_bot = 0;
    for (int l = 0; l <= L; ++l) {
      const int u = A.units(l);
      const float bh = std::clamp(0.35f * F_ + 0.2f * F_ * std::log2(static_cast<float>(u)), 0.5f * F_, h - F_);
      const float cx = p.x + step * (static_cast<float>(l) + 0.5f);
      const float top = p.y + (h - F_ - bh) * 0.5f, bot = top + bh;
      if (l > 0) {
        const ImU32 lc = ImGui::GetColorU32(ImGuiCol_Text, 0.25f);
        dl->AddQuadFilled(ImVec2(prev_x + bw * 0.5f, prev_top), ImVec2(cx - bw * 0.5f, top), ImVec2(cx - bw * 0.5f, bot),
                          ImVec2(prev_x + bw * 0.5f, prev_bot), ImGui::GetColorU32(ImGuiCol_Text, 0.07f));
        dl->AddLine(ImVec2(prev_x + bw * 0.5f, prev_top), ImVec2(cx - bw * 0.5f, top), lc);
        dl->AddLine(ImVec2(prev_x + bw * 0.5f, prev_bot), ImVec2(cx - bw * 0.5f, bot), lc);
      }
      const ImU32 fill = l == 0 ? IM_COL32(150, 150, 150, 255) : l == L ? IM_COL32(90, 140, 210, 255) : IM_COL32(120, 180, 120, 255);
      dl->AddRectFilled(ImVec2(cx - bw * 0.5f, top), ImVec2(cx + bw * 0.5f, bot), fill, 0.2f * F_);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%d", u);
      float fs = F_;
      float tw = ImGui::CalcTextSize(buf).x;
      if (tw > step * 0.95f) {  // crowded (many wide layers): smaller labels
        fs = std::max(0.6f * F_, F_ * step * 0.95f / tw);
        tw *= fs / F_;
      }
      dl->AddText(ImGui::GetFont(), fs, ImVec2(cx - tw * 0.5f, p.y + h - F_), ImGui::GetColorU32(ImGuiCol_Text), buf);
      prev_x = cx, prev_top = top, prev_bot = bot;
    }
    ImGui::Dummy(ImVec2(avail, h));
    tooltip("The layers: 64 input pixels (grey), hidden layers (green), 10 outputs, one per digit (blue). "
              "Each band is a full set of weights connecting every unit to every unit of the next layer.");

    char n[32];
    format_thousands(n, sizeof n, static_cast<long long>(A.param_count()));
    ImGui::Text("%s parameters", n);
    if (ImGui::IsItemHovered()) {   // hover shows, a click or tap pins (tooltip())
      std::string text = A.describe() + ": weights and biases the optimizer adjusts.";
      for (int l = 1; l <= L; ++l) {
        char w[32], t[32], line[160];
        format_thousands(w, sizeof w, static_cast<long long>(A.units(l)) * A.units(l - 1));
        format_thousands(t, sizeof t, static_cast<long long>(A.units(l)) * (A.units(l - 1) + 1));
        std::snprintf(line, sizeof line, "\n  layer %d: %d x %d weights (%s) + %d biases = %s", l, A.units(l),
                      A.units(l - 1), w, A.units(l), t);
        text += line;
      }
      tooltip(text.c_str());
    }
    draw_estimate(app);
    if (dirty_ && app.would_set_aside(pending_))   // said before the edit is applied
      ImGui::TextWrapped("Applying this starts a new network. The trained one is kept: Undo brings it back.");
    if (!error_.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(210, 50, 50, 255));
      ImGui::TextWrapped("Not applied: %s", error_.c_str());
      ImGui::PopStyleColor();
    }
  }

  // What the edited network would cost, shown before it is built; the engine refuses a network
  // over the limit (TrainConfig::validate_for) and so does this panel, with the reason.
  void draw_estimate(const AppState& app) {
    const WorkEstimate w = app.estimate(pending_);
    // Time per pass at ~3 GFLOP/s (WebAssembly on a modest laptop): 6 flops per parameter and
    // image for the forward and backward passes.
    const double ms = 6.0 * w.pass_work / 3e6;
    const double pct = 100.0 * w.pass_work / kMaxPassWork;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("~%.0f MB \u00B7 ~%.0f ms per pass \u00B7 %.0f%% of the size limit", w.bytes / 1e6, ms, pct);
    ImGui::PopStyleColor();
    if (!w.within_limit()) {
      ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(210, 50, 50, 255));
      char n[32], m[32];
      format_thousands(n, sizeof n, static_cast<long long>(w.params));
      format_thousands(m, sizeof m, static_cast<long long>(w.fit_samples));
      ImGui::TextWrapped("Too large to keep the page responsive: %s parameters x %s training images per pass is "
                         "%.0f%% of the limit. It will not be built: use fewer or smaller hidden layers, turn "
                         "augmentation off, or train on a smaller split.", n, m, pct);
      ImGui::PopStyleColor();
    }
  }

  // ------------------------------------------------------------------ Model tab
  void draw_model() {
    Architecture& A = pending_.arch;
    const float avail = ImGui::GetContentRegionAvail().x;
    const float field = std::max(std::min(7.5f * F_, avail * 0.45f), min_field_width());
    // "Layer 1 [100 - +] x" on one line when it fits, else the name above its field.
    const float indent = 4.5f * F_;
    const bool one_line = indent + field + ImGui::GetStyle().ItemSpacing.x + ImGui::GetFrameHeight() <= avail;
    ImGui::Text("Hidden layers: %d", static_cast<int>(A.hidden.size()));
    ImGui::SameLine();
    help_marker("Each hidden layer learns features of the previous layer's output. 0 hidden layers is "
                "multinomial logistic regression. Changing the layers re-initializes the weights and "
                "clears the curves.",
                "network:help:layers");
    int remove = -1;
    for (int i = 0; i < static_cast<int>(A.hidden.size()); ++i) {
      ImGui::PushID(i);
      ImGui::AlignTextToFramePadding();
      ImGui::Text("Layer %d", i + 1);
      if (one_line) ImGui::SameLine(indent);
      ImGui::SetNextItemWidth(field);
      int u = A.hidden[static_cast<std::size_t>(i)];
      if (input_int("##units", &u, 1, 10)) {
        A.hidden[static_cast<std::size_t>(i)] = std::clamp(u, 1, kMaxUnits);
        changed();
      }
      tooltip("Units in this hidden layer, 1..1024: tap or click the number to type it (Enter or a tap or click elsewhere applies it).\n+/- step by 1 (by 10 with Ctrl held down).");
      ImGui::SameLine();
      if (ImGui::Button("x")) remove = i;
      tooltip("Remove this hidden layer.");
      ImGui::PopID();
    }
    if (remove >= 0) {
      A.hidden.erase(A.hidden.begin() + remove);
      changed();
    }
    const bool full = static_cast<int>(A.hidden.size()) >= kMaxHiddenLayers;
    if (full) ImGui::BeginDisabled();
    if (ImGui::Button("+ Add hidden layer")) {
      A.hidden.push_back(A.hidden.empty() ? 25 : A.hidden.back());
      changed();
    }
    if (full) ImGui::EndDisabled();
    tooltip(full ? "At most 8 hidden layers." : "Add a hidden layer after the last one (same size as the last).");

    ImGui::Spacing();
    push_field_width(7.0f * F_);
    static const char* kActs[] = {"sigmoid", "tanh", "relu"};
    int act = static_cast<int>(A.activation);
    if (combo("Activation", &act, kActs, 3)) {
      A.activation = static_cast<Activation>(act);
      changed();
    }
    tooltip("Nonlinearity g(z) of the hidden units:\n"
            "  sigmoid 1/(1+e^(−z)): output 0..1 (the classic, used by Ng's course)\n"
            "  tanh: output -1..1, centred at 0, often learns faster\n"
            "  relu max(0, z): cheap, does not saturate for z > 0\n"
            "Changing it re-initializes the weights.");
    static const char* kOuts[] = {"sigmoid (Ng)", "softmax"};
    int out = A.output == OutputKind::SoftmaxCE ? 1 : 0;
    if (combo("Output", &out, kOuts, 2)) {
      A.output = out == 1 ? OutputKind::SoftmaxCE : OutputKind::SigmoidBCE;
      changed();
    }
    tooltip("Output layer and its loss:\n"
            "  sigmoid (Ng): 10 independent yes/no units, each with a logistic loss\n"
            "  softmax: one probability distribution over the 10 digits (sums to 1), cross-entropy loss "
            "Either way the prediction is the digit with the largest output.");
    double lam = pending_.lambda;
    if (input_double("λ (L2)", &lam, 0.1, 1.0, "%.4g")) {
      pending_.lambda = std::isfinite(lam) ? std::clamp(lam, 0.0, 1e6) : 0.0;
      changed();
    }
    tooltip("Regularization strength λ ≥ 0: the cost adds λ/(2m) × the sum of squared weights "
            "(biases excluded). Larger = smaller weights, smoother tiles, less overfitting; too large "
            "underfits. Changing it keeps the weights and restarts the optimizer.");
    unsigned long long seed = pending_.init_seed;
    if (input_u64("Init seed", &seed)) {
      pending_.init_seed = seed;
      changed();
    }
    tooltip("Seed of the random initial weights (uniform in ±√(6/(fan_in + fan_out))). "
            "Same seed + same settings = same run. Changing it re-initializes the weights.");
    int scaling = pending_.scaling == Scaling::Standardize ? 1 : 0;
    if (combo("Input scaling", &scaling, "pixels / 16\0standardize\0")) {
      pending_.scaling = scaling ? Scaling::Standardize : Scaling::Divide16;
      changed();
    }
    tooltip("How the 0..16 pixel counts are fed to the network: divided by 16 (0..1), or "
            "standardized per pixel with the training split's mean and standard deviation. "
            "Changing it re-initializes the weights.");
    ImGui::PopItemWidth();
  }

  // ------------------------------------------------------------------ Optimizer tab
  void draw_optimizer() {
    using S = OptimizerSetting;
    OptimizerConfig& o = pending_.optim;
    optimizer_combo(o);
    const OptimizerInfo& info = optimizer_info(o.kind);   // the settings shown are the ones it reads
    push_field_width(7.5f * F_);
    if (info.uses(S::LearningRate)) learning_rate_setting(o);
    if (info.uses(S::BatchSize)) batch_size_setting(o);
    if (info.uses(S::Momentum)) momentum_setting(o);
    if (info.uses(S::AdamMoments)) adam_settings(o);
    if (info.uses(S::ShuffleSeed)) shuffle_seed_setting(o);
    if (info.uses(S::History)) lbfgs_memory_setting(o);
    ImGui::PopItemWidth();
    if (info.uses(S::LineSearch)) line_search_settings(o);
  }

  // A double slider writing back a finite value clamped to [lo, hi] (else `fallback`); true when
  // the user changed it (the pending config is then marked changed).
  bool slider(const char* label, double* field, double lo, double hi, const char* fmt, double fallback,
              bool log = false) {
    double v = *field;
    const ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp | (log ? ImGuiSliderFlags_Logarithmic : 0);
    if (!slider_double(label, &v, lo, hi, fmt, flags)) return false;
    *field = std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
    changed();
    return true;
  }

  // The optimizer choice and what it does.
  void optimizer_combo(OptimizerConfig& o) {
    push_field_width(7.5f * F_);
    if (begin_combo("Optimizer", optimizer_info(o.kind).label)) {
      for (const OptimizerInfo& k : optimizers()) {
        if (ImGui::Selectable(k.label, k.kind == o.kind) && k.kind != o.kind) {
          o = o.switched_to(k.kind);  // learning rate and Wolfe c2 suited to k, the rest kept
          changed();
        }
        if (ImGui::IsItemHovered()) tooltip(k.help);
      }
      ImGui::EndCombo();
    }
    tooltip("How the weights move downhill on the cost. Switching keeps the weights and restarts the "
            "optimizer; the learning rate is set to the new optimizer's default.");
    ImGui::PopItemWidth();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", optimizer_info(o.kind).help);
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
  }

  void learning_rate_setting(OptimizerConfig& o) {
    slider("Learning rate", &o.learning_rate, 1e-5, 10.0, "%.3g", default_learning_rate(o.kind), true);
    char help[200];
    std::snprintf(help, sizeof help,
                  "Step size: how far each update moves the weights (log scale; tap, Ctrl-click or Enter on it to type). "
                  "Too small: slow. Too large: the loss jumps around or blows up. Default here: %g.",
                  default_learning_rate(o.kind));
    tooltip(help);
  }

  void batch_size_setting(OptimizerConfig& o) {
    int bs = o.batch_size;
    if (input_int("Batch size", &bs, 1, 16)) {
      o.batch_size = std::clamp(bs, 1, 65536);
      changed();
    }
    tooltip("Training images per minibatch step (1..65536; larger than the training set = full batch). "
            "Small batches: many noisy steps per epoch. Large: fewer, smoother steps.");
  }

  void momentum_setting(OptimizerConfig& o) {
    slider("Momentum μ", &o.momentum, 0.0, 0.999, "%.3f", 0.9);
    tooltip("μ in [0, 1): how much of the previous velocity is kept each step. 0 = plain SGD; 0.9 typical.");
  }

  void adam_settings(OptimizerConfig& o) {
    slider("β₁", &o.beta1, 0.0, 0.999, "%.3f", 0.9);
    tooltip("Decay of the running average of gradients (the momentum part), in [0, 1). Default 0.9.");
    slider("β₂", &o.beta2, 0.0, 0.99999, "%.5f", 0.999);
    tooltip("Decay of the running average of squared gradients (per-weight scale), in [0, 1). Default 0.999.");
    slider("ε", &o.epsilon, 1e-12, 1e-2, "%.1e", 1e-8, true);
    tooltip("Added to the denominator so a weight with tiny gradients does not get a huge step. Default 1e-8.");
  }

  void shuffle_seed_setting(OptimizerConfig& o) {
    unsigned long long ss = o.shuffle_seed;
    if (input_u64("Shuffle seed", &ss)) {
      o.shuffle_seed = ss;
      changed();
    }
    tooltip("Seed of the order in which training images are dealt into minibatches (reshuffled every epoch).");
  }

  void lbfgs_memory_setting(OptimizerConfig& o) {
    int m = o.lbfgs_memory;
    if (slider_int("Memory", &m, 1, 100, "%d", ImGuiSliderFlags_AlwaysClamp)) {
      o.lbfgs_memory = std::clamp(m, 1, 100);
      changed();
    }
    tooltip("How many recent (step, gradient change) pairs L-BFGS keeps to model the curvature. 5-20 is typical.");
  }

  // CG and L-BFGS: the line search's budget and Wolfe constants, folded by default.
  void line_search_settings(OptimizerConfig& o) {
    if (!ImGui::TreeNode("Line search")) return;
    push_field_width(7.5f * F_);
    int ls = o.max_line_search;
    if (input_int("Max evals", &ls, 1, 5)) {
      o.max_line_search = std::clamp(ls, 1, 1000);
      changed();
    }
    tooltip("Most cost/gradient evaluations one line search may use (1..1000).");
    if (slider("Wolfe c1", &o.wolfe_c1, 1e-6, 0.4, "%.1e", 1e-4, true) && o.wolfe_c2 <= o.wolfe_c1)
      o.wolfe_c2 = std::min(0.999, o.wolfe_c1 * 2);
    tooltip("Sufficient decrease: a step must lower the cost by at least c1 x (slope x step). Default 1e-4.");
    slider("Wolfe c2", &o.wolfe_c2, std::min(o.wolfe_c1 + 1e-4, 0.99), 0.999, "%.3f", 0.5);
    tooltip("Curvature condition, c1 < c2 < 1: smaller = more exact line search (more evaluations). "
            "Defaults: 0.1 for conjugate gradient, 0.9 for L-BFGS.");
    ImGui::PopItemWidth();
    ImGui::TreePop();
  }

  // ------------------------------------------------------------------ Stopping tab
  void draw_stopping() {
    const bool mb = is_minibatch(pending_.optim.kind);
    push_field_width(7.5f * F_);
    int it = pending_.max_iterations;
    if (input_int(mb ? "Max epochs" : "Max iterations", &it, 10, 100)) {
      pending_.max_iterations = std::clamp(it, 1, 100000);
      changed();
    }
    tooltip(mb ? "Training stops after this many epochs (passes over the training set), 1..100000. "
                 "Pressing Train again continues past the limit."
               : "Training stops after this many optimizer iterations, 1..100000. "
                 "Pressing Train again continues past the limit.");
    bool es = pending_.early_stopping;
    if (ImGui::Checkbox("Early stopping", &es)) {
      pending_.early_stopping = es;
      changed();
    }
    tooltip("Stop when the validation loss has not improved for `patience` consecutive points "
            "(iterations or epochs). Guards against overfitting: the validation images are never "
            "trained on, so their loss rises when the network starts memorizing the training set.");
    if (!es) ImGui::BeginDisabled();
    int pat = pending_.patience;
    if (input_int("Patience", &pat, 1, 10)) {
      pending_.patience = std::clamp(pat, 1, 10000);
      changed();
    }
    tooltip(mb ? "Epochs without a new best validation loss before stopping (1..10000)."
               : "Iterations without a new best validation loss before stopping (1..10000).");
    if (!es) ImGui::EndDisabled();
    ImGui::PopItemWidth();
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("The test images are never used for training or stopping: their accuracy, shown in the "
                        "Training panel when training stops, estimates how the network does on new digits.");
    ImGui::PopTextWrapPos();
  }
};

}  // namespace

std::unique_ptr<Panel> make_network_panel() { return std::make_unique<NetworkPanel>(); }

}  // namespace bpl::ui
