// Data panel: the UCI 8x8 digits as the network gets them. A row of examples per digit (or every
// example of one digit), the train/validation/test split and the input scaling. Hover an image for
// its index, label, split and 64 pixel values; click it to make it the current input.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "ui/app_ui.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {


// The 64 values of an image as an 8x8 table of numbers, each cell shaded like the pixel.
const char* subset_name(int s) {
  switch (s) {
    case 0: return "train";
    case 1: return "validation";
    case 2: return "test";
    default: return "?";
  }
}

class DataPanel final : public Panel {
 public:
  const char* name() const override { return "data"; }
  const char* title() const override { return "Data: the 8x8 digits"; }
  Slot slot() const override { return {0.0f, 0.53f, 0.24f, 0.47f}; }

  void draw(AppState& app) override {
    refresh(app);
    follow_focus(app);
    draw_summary(app);
    watch_my_digits(app);
    if (!ImGui::BeginTabBar("##data_tabs")) return;
    const bool uci = ImGui::BeginTabItem("UCI digits", nullptr, select_uci_ ? ImGuiTabItemFlags_SetSelected : 0);
    tooltip("The 1,797 UCI digits the network learns from, by digit and split.");
    name_item("data:tab_uci");
    if (uci) {
      draw_controls();
      draw_images(app);
      ImGui::EndTabItem();
    }
    char label[48];
    std::snprintf(label, sizeof label, "My digits (%d)###my", static_cast<int>(app.my_digits().size()));
    const bool mine = ImGui::BeginTabItem(label, nullptr, select_my_ ? ImGuiTabItemFlags_SetSelected : 0);
    tooltip("Your own digits, labelled in the Sketch panel (\"Wrong? It was a ...\"): train with them, export, import.");
    name_item("data:tab_my");
    if (mine) {
      draw_my_digits(app);
      ImGui::EndTabItem();
    }
    select_uci_ = select_my_ = false;
    ImGui::EndTabBar();
  }

 private:
  // Which images are shown: 0 = all, 1 = train, 2 = validation, 3 = test.
  int split_filter_ = 0;
  int digit_ = -1;   // -1: a row per digit; 0..9: every image of that digit
  int page_ = 0;     // row mode: which run of examples is shown
  int shown_from_ = 0, shown_to_ = 0;

  // Cache: per class, dataset indices of the filtered subset; per image, its subset (0/1/2).
  std::vector<int> by_class_[kClasses];
  std::vector<signed char> subset_of_;
  unsigned long long cached_split_version_ = 0;   // AppState::split_version() (new data or split)
  int cached_filter_ = -2;
  unsigned long long seen_focus_ = 0;             // AppState::focus_version() last acted on
  int per_row_ = 1;                               // row mode: images per row, as last drawn
  bool first_drawn_ = false;                      // this frame's first image was drawn

  // When another panel focuses an image, turn to the page that shows it (showing every split
  // if the filter hides it).
  void follow_focus(AppState& app) {
    if (app.focus_version() == seen_focus_) return;
    seen_focus_ = app.focus_version();
    const int ex = app.focus().example;
    if (ex < 0 || ex >= app.data().size()) return;
    select_uci_ = true;   // the image is in the UCI tab
    const int label = app.data().y[static_cast<std::size_t>(ex)];
    if (label < 0 || label >= kClasses) return;
    auto pos = [&] {
      const std::vector<int>& v = by_class_[label];
      return static_cast<int>(std::find(v.begin(), v.end(), ex) - v.begin());
    };
    if (pos() == static_cast<int>(by_class_[label].size())) {
      split_filter_ = 0;
      refresh(app);
    }
    if (digit_ >= 0 && digit_ != label) digit_ = label;
    if (digit_ < 0) page_ = pos() / std::max(1, per_row_);
  }

  void refresh(AppState& app) {
    if (app.split_version() == cached_split_version_ && cached_filter_ == split_filter_) return;
    cached_split_version_ = app.split_version();
    cached_filter_ = split_filter_;
    const Trainer& t = app.trainer();
    const Index n = app.data().size();

    subset_of_.assign(static_cast<std::size_t>(n), -1);
    const Subset subs[3] = {Subset::Train, Subset::Validation, Subset::Test};
    for (int s = 0; s < 3; ++s)
      for (int i : t.indices(subs[s]))
        if (i >= 0 && i < n) subset_of_[static_cast<std::size_t>(i)] = static_cast<signed char>(s);
    for (auto& v : by_class_) v.clear();
    const std::vector<int>& y = app.data().y;
    for (Index i = 0; i < n; ++i) {
      const int s = subset_of_[static_cast<std::size_t>(i)];
      if (split_filter_ != 0 && s != split_filter_ - 1) continue;
      const int label = y[static_cast<std::size_t>(i)];
      if (label >= 0 && label < kClasses) by_class_[label].push_back(static_cast<int>(i));
    }
  }

  // ---- My digits (app/my_digits.hpp): the sketches the user labelled in the Sketch panel. A
  // strip of them (tap one: large, with its label and Delete), "Train with my digits", Export and
  // Import (the platform does the file work, as for model files).
  int my_shown_ = -1;                          // the digit shown large; -1: none
  unsigned long long my_seen_version_ = 0;     // MyDigits::version() when my_shown_ was checked

  bool select_uci_ = false, select_my_ = false;   // tabs to select this frame
  std::size_t my_seen_size_ = 0;

  // A digit corrected in the Sketch panel shows the My digits tab (not digits restored on load).
  void watch_my_digits(AppState& app) {
    const MyDigits& md = app.my_digits();
    if (md.version() == my_seen_version_) return;
    if (md.size() > my_seen_size_ && app.input_source() == InputSource::Sketch) select_my_ = true;
    my_seen_version_ = md.version();
    my_seen_size_ = md.size();
    if (my_shown_ >= static_cast<int>(md.size())) my_shown_ = -1;
  }

  void draw_my_digits(AppState& app) {
    const int n = static_cast<int>(app.my_digits().size());
    ImGui::AlignTextToFramePadding();
    ImGui::Text("My digits: %d", n);
    ImGui::SameLine();
    help_marker("Digits you drew in the Sketch panel and labelled with \"Wrong? It was a ...\". With "
                "\"Train with my digits\" the network fits them with the training images (distorted like them); "
                "they never enter the validation or test sets. They are kept in this browser; Export saves them "
                "as a strokes file (JSON), Import adds a file's digits (several students' files make a class "
                "set; digits already here are skipped).");
    // The next item on this line when it fits, else on the next (a narrow panel).
    const ImGuiStyle& st = ImGui::GetStyle();
    auto beside = [&](const char* label, float extra) {
      const float w = ImGui::CalcTextSize(label).x + st.FramePadding.x * 2.0f + extra;
      const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    };
    beside("Export", 0.0f);
    ImGui::BeginDisabled(n == 0);
    if (ImGui::Button("Export")) shared().export_my_digits_request = true;
    name_item("data:my_export");
    ImGui::EndDisabled();
    tooltip("Download My digits as a strokes file (JSON).");
    beside("Import...", 0.0f);
    if (ImGui::Button("Import...")) shared().import_my_digits_request = true;
    name_item("data:my_import");
    tooltip("Add the digits of a strokes file (an Export of My digits, yours or a classmate's).");
    bool on = app.config().my_digits;
    ImGui::BeginDisabled(!app.has_data());
    if (ImGui::Checkbox("Train with my digits", &on)) (void)app.set_train_with_my_digits(on);
    name_item("data:my_train");
    ImGui::EndDisabled();
    tooltip("Fit My digits with the training images (a fresh start of training).");
    if (n == 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("None yet: when the Sketch panel misreads your digit, tap the digit you meant under "
                         "\"Wrong? It was a ...\".");
      ImGui::PopStyleColor();
    } else {
      draw_my_strip(app);
      if (my_shown_ >= 0) draw_my_large(app);
    }
  }

  // One row of thumbnails, each with its label under it; scrolls sideways.
  void draw_my_strip(AppState& app) {
    const float font = ImGui::GetFontSize();
    const ImGuiStyle& st = ImGui::GetStyle();
    const float cell = std::max(2.0f, std::floor(font * 0.3f));
    const float h = cell * 8.0f + ImGui::GetTextLineHeight() + st.ItemSpacing.y + st.ScrollbarSize + cell;
    std::shared_ptr<const DrawnImages> images = app.my_digits().images();
    ImGui::BeginChild("##my_strip", ImVec2(0, h), false, ImGuiWindowFlags_HorizontalScrollbar);
    for (Index i = 0; i < images->X.cols(); ++i) {
      if (i > 0) ImGui::SameLine();
      ImGui::PushID(static_cast<int>(i));
      ImGui::BeginGroup();
      bool hovered = false;
      const int k = static_cast<int>(i);
      if (digit_thumbnail(images->X.col(i).data(), cell, my_shown_ == k, &hovered)) my_shown_ = my_shown_ == k ? -1 : k;
      if (i < 50) name_item(("data:my" + std::to_string(i)).c_str());   // window.lab.controlRect
      const std::string label = std::to_string(images->y[static_cast<std::size_t>(i)]);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (cell * 8.0f - ImGui::CalcTextSize(label.c_str()).x) * 0.5f);
      ImGui::TextUnformatted(label.c_str());
      ImGui::EndGroup();
      if (hovered) tooltip("Click or tap: see it large, with Delete.");
      ImGui::PopID();
    }
    ImGui::EndChild();
  }

  // The digit tapped in the strip: its strokes and its 8x8 image, large, its label, Delete.
  void draw_my_large(AppState& app) {
    const MyDigit& d = app.my_digits().list()[static_cast<std::size_t>(my_shown_)];
    const float font = ImGui::GetFontSize();
    // Two squares and a column of text and buttons, in the panel's width.
    const ImGuiStyle& st = ImGui::GetStyle();
    const float text_w = ImGui::CalcTextSize("Delete").x + st.FramePadding.x * 2.0f;
    const float room = (ImGui::GetContentRegionAvail().x - text_w - 2.0f * st.ItemSpacing.x) / 2.0f;
    const float side = std::floor(std::clamp(room, font * 2.4f, font * 4.8f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(side, side));
    dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), palette::kPaper);
    dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_Border));
    const float pen = std::max(1.5f, side * 0.04f);
    for (const Stroke& s : d.strokes) {
      std::vector<ImVec2> pts;
      for (const StrokePoint& q : s)
        pts.push_back(ImVec2(p0.x + static_cast<float>(q.x) * side, p0.y + static_cast<float>(q.y) * side));
      if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), palette::kInk, 0, pen);
      for (const ImVec2& v : pts) dl->AddCircleFilled(v, pen * 0.5f, palette::kInk, 8);
    }
    ImGui::SameLine();
    const ImVec2 p1 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(side, side));
    draw_digit(dl, p1, side / 8.0f, app.my_digits().images()->X.col(my_shown_).data());
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text("Label %d", d.label);
    ImGui::TextDisabled("#%d of %d", my_shown_ + 1, static_cast<int>(app.my_digits().size()));
    if (ImGui::Button("Delete")) {
      app.remove_my_digit(static_cast<std::size_t>(my_shown_));
      my_shown_ = -1;
    }
    name_item("data:my_delete");
    if (ImGui::Button("Close")) my_shown_ = -1;
    ImGui::EndGroup();
  }

  void draw_summary(AppState& app) {
    const Trainer& t = app.trainer();
    ImGui::Text("Train %d | Validation %d | Test %d", static_cast<int>(t.indices(Subset::Train).size()),
                static_cast<int>(t.indices(Subset::Validation).size()),
                static_cast<int>(t.indices(Subset::Test).size()));
    tooltip(
        "How the images are split (a seeded shuffle, set in the Network panel):\n"
        "Train: the examples backprop learns from.\n"
        "Validation: checked during training to spot overfitting, never learned from.\n"
        "Test: kept aside and scored when training stops: the honest score.");
    ImGui::SameLine();
    help_marker(
        "The UCI handwritten digits: 1,797 images of 8x8 pixels. People wrote digits on forms; each "
        "32x32 black-and-white scan was cut into 4x4 blocks and the ink pixels of each block counted, "
        "so a pixel is 0 (no ink) to 16 (all ink). These 64 numbers are the network's input.\n\n"
        "Hover an image for its pixel values; click it to make it the current input (Decision panel).");
    const Scaler& sc = t.scaler();
    if (sc.kind == Scaling::Divide16) {
      ImGui::TextUnformatted("Pixels 0..16, fed to the network as x / 16");
      tooltip("Each pixel value is divided by 16 before it enters the network, so the inputs are 0..1.");
    } else {
      ImGui::TextUnformatted("Pixels 0..16, fed as (x - mean) / std");
      tooltip(
          "Standardized: each pixel has the training set's mean subtracted and is divided by its "
          "standard deviation (fitted on the training split only; a pixel that never varies is divided by 1).");
    }
    draw_pen_source(t.config());
  }

  // The second training source: real writers' pen digits (augmentation.pen), credited.
  static void draw_pen_source(const TrainConfig& c) {
    if (!c.augment || c.augmentation.pen <= 0) return;
    ImGui::Text("+ %d pen digits by real writers (training only)", c.augmentation.pen);
    ImGui::SameLine();
    help_marker(
        "A second training source: digits written by real people on pen tablets (UNIPEN, 1990s: "
        "Apple, Synaptics, CEDAR, Toshiba), drawn into 8x8 images by the Sketch pad's own pipeline "
        "and distorted like the training images. They teach the network styles the UCI writers "
        "rarely used; validation and test stay UCI images.\n\n"
        "Data: UNIPEN Consortium (1999), doi:10.5281/zenodo.1195803; Guyon et al., ICPR 1994. "
        "Licence: CC BY 4.0 (assets/pen-digits.md).");
  }

  void draw_controls() {
    const float arrow = ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("Validation").x + arrow);
    static const char* kSplits[] = {"All", "Train", "Validation", "Test"};
    if (combo("##split", &split_filter_, kSplits, 4)) page_ = 0;
    tooltip("Which images to show: all, or one split only (train, validation or test).");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("All digits").x + arrow);
    digit_combo("##digit", &digit_, "All digits", "Only %d");
    name_item("data:digits");   // window.lab.controlRect (tests/browser/scroll.test.mjs)
    tooltip("A row of examples for every digit, or every image of one digit (scroll to see them all).");
    if (digit_ < 0) {
      ImGui::SameLine();
      char tip[96];
      if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) page_ = std::max(0, page_ - 1);
      std::snprintf(tip, sizeof tip, "Showing examples %d-%d of each digit. Click: the previous ones.", shown_from_,
                    shown_to_);
      tooltip(tip);
      ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
      if (ImGui::ArrowButton("##next", ImGuiDir_Right)) ++page_;
      std::snprintf(tip, sizeof tip, "Showing examples %d-%d of each digit. Click: the next ones.", shown_from_,
                    shown_to_);
      tooltip(tip);
    }
  }

  // One image of the grid: the shared thumbnail; click focuses it (and makes it the input).
  void thumbnail(AppState& app, int index, float cell) {
    const double* px = app.data().X.col(index).data();
    const bool focused = app.focus().example == index;
    bool hovered = false;
    ImGui::PushID(index);
    const bool clicked = digit_thumbnail(px, cell, focused, &hovered);
    if (!first_drawn_) name_item("data:image");   // the first image shown (browser tests)
    first_drawn_ = true;
    if (clicked) {
      app.set_focus_example(index);
      seen_focus_ = app.focus_version();   // our own click: the page stays
    }
    ImGui::PopID();
    if (hovered) thumbnail_tooltip(app, index, focused);
  }

  void thumbnail_tooltip(const AppState& app, int index, bool focused) const {
    ImGui::BeginTooltip();
    const int label = app.data().y[static_cast<std::size_t>(index)];
    const int s = subset_of_.empty() ? -1 : subset_of_[static_cast<std::size_t>(index)];
    ImGui::Text("Image #%d   label %d   (%s set)", index, label, subset_name(s));
    pixel_value_table(app.data().X.col(index).data());
    ImGui::TextDisabled(focused ? "The focused image (also shown in the Decision panel)."
                                : "Click: focus it and make it the current input.");
    ImGui::EndTooltip();
  }

  void draw_images(AppState& app) {
    first_drawn_ = false;
    const float font = ImGui::GetFontSize();
    ImGui::BeginChild("##images", ImVec2(0, 0), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float gap = std::max(2.0f, std::floor(font * 0.25f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
    if (digit_ < 0) {
      // A row per digit, sized to fill the child's height without scrolling when possible.
      const float label_w = ImGui::CalcTextSize("0").x + font * 0.5f;
      // Ten rows that fit the region (an overview: every digit in view, also in a lesson's small
      // cell). Below 24 CSS px these are smaller targets than WCAG 2.5.8 asks; "Only <digit>"
      // (the combo above) shows the same images as 24 px targets, its Equivalent exception.
      float side = std::min((avail.y - 9 * gap) / 10.0f, font * 3.0f);
      side = std::max(side, font * 1.0f);
      const float cell = std::floor(side) / 8.0f;
      side = cell * 8.0f;
      const int per_row = std::max(1, static_cast<int>((avail.x - label_w + gap) / (side + gap)));
      per_row_ = per_row;
      std::size_t most = 0;
      for (const auto& v : by_class_) most = std::max(most, v.size());
      const int pages = std::max(1, static_cast<int>((most + per_row - 1) / per_row));
      if (page_ >= pages) page_ = 0;   // wrap around
      for (int d = 0; d < kClasses; ++d) {
        const std::vector<int>& list = by_class_[d];
        const ImVec2 row = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(ImVec2(row.x, row.y + (side - font) * 0.5f),
                                            ImGui::GetColorU32(ImGuiCol_Text), std::to_string(d).c_str());
        ImGui::Dummy(ImVec2(label_w - gap, side));
        for (int k = 0; k < per_row; ++k) {
          const std::size_t j = static_cast<std::size_t>(page_ * per_row + k);
          if (j >= list.size()) break;
          ImGui::SameLine();
          thumbnail(app, list[j], cell);
          if (k == 0) name_item("data:digit" + std::to_string(d));   // window.lab.controlRect
        }
      }
      shown_from_ = page_ * per_row + 1;
      shown_to_ = (page_ + 1) * per_row;
    } else {
      const std::vector<int>& list = by_class_[digit_];
      const float cell = std::max(2.0f, std::floor(font * 0.3f));
      const float side = cell * 8.0f;
      ImGui::Text("%d images of the digit %d", static_cast<int>(list.size()), digit_);
      const int per_row = std::max(1, static_cast<int>((avail.x + gap) / (side + gap)));
      for (std::size_t j = 0; j < list.size(); ++j) {
        if (j % static_cast<std::size_t>(per_row) != 0) ImGui::SameLine();
        thumbnail(app, list[j], cell);
      }
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
  }
};

}  // namespace

std::unique_ptr<Panel> make_data_panel() { return std::make_unique<DataPanel>(); }

}  // namespace bpl::ui
