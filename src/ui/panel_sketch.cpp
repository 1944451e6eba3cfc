// Sketch panel: draw a digit with the mouse (or a finger) and watch the network read it. Beside
// the pad: the pipeline the drawing goes through, exactly as the UCI digits were made
//   strokes -> 32x32 black-and-white bitmap -> 8x8 counts 0..16 -> network -> digit
// (bpl::preprocess in data/sketch.hpp), and the live prediction.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/app_state.hpp"
#include "data/sketch.hpp"
#include "ui/app_ui.hpp"
#include "ui/panel.hpp"

namespace bpl::ui {
namespace {

using palette::kInk;
using palette::kPaper;
using palette::kBlockLine;
using palette::kHighlight;                                  // linked hover highlight
constexpr ImU32 kPredicted = palette::kHighlight;
using palette::kUnsure;                                     // muted: the network is not sure


class SketchPanel final : public Panel {
 public:
  const char* name() const override { return "sketch"; }
  bool needs_data() const override { return false; }  // usable while the digits load
  const char* title() const override { return "Sketch a digit"; }
  Slot slot() const override { return {0.53f, 0.0f, 0.47f, 0.53f}; }   // the largest: the pad

  void draw(AppState& app) override {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float font = ImGui::GetFontSize();
    const float fh = ImGui::GetFrameHeight();
    UiShared& sh = shared();
    hover_block_r_ = next_hover_r_;
    hover_block_c_ = next_hover_c_;
    next_hover_r_ = next_hover_c_ = -1;

    // The pad is square and as large as the panel allows: the reading goes beside it or below it,
    // whichever leaves the larger pad.
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float pad_h = avail.y - fh - st.ItemSpacing.y;   // room above the Clear/Undo row
    // Beside: a column of at least 9 font units (the reading's ten bars and digit buttons).
    const float beside = std::min(avail.x - font * 9.0f - st.ItemSpacing.x, pad_h);
    // Below: the prediction (~6.5 lines) and the two images side by side, and "Wrong? It was
    // a ..." with its digit buttons: the reading's height as last drawn.
    const float img = std::min((avail.x - st.ItemSpacing.x) / 2.0f, font * 6.0f);
    const float reading_h = reading_h_ > 0 ? reading_h_ : font * 6.5f + ImGui::GetFrameHeightWithSpacing();
    const float info_h = reading_h + ImGui::GetTextLineHeightWithSpacing() + img + st.ItemSpacing.y * 3.0f;
    const float below = std::min(avail.x, pad_h - info_h);
    const bool side_by_side = beside >= below;
    const float pad = std::max(std::floor(side_by_side ? beside : below), font * 6.0f);
    const float info_w = side_by_side ? avail.x - pad - st.ItemSpacing.x : avail.x;

    ImGui::BeginGroup();
    const ImVec2 pad_min = ImGui::GetCursorScreenPos();
    draw_pad(app, pad);
    sh.sketch_pad_rect = ImVec4(pad_min.x, pad_min.y, pad, pad);
    draw_buttons(app, pad);
    ImGui::EndGroup();
    if (side_by_side) ImGui::SameLine();
    ImGui::BeginChild("##pipeline", ImVec2(info_w, 0), false);
    draw_pipeline(app, info_w);
    ImGui::EndChild();
  }

 private:
  // Linked hover between the 32x32 bitmap and the 8x8 input: the 4x4 block under the mouse.
  int hover_block_r_ = -1, hover_block_c_ = -1, next_hover_r_ = -1, next_hover_c_ = -1;
  // The last correction of this sketch (its button stays green until the sketch changes).
  int added_label_ = -1;
  unsigned long long added_sketch_ = 0;
  float reading_h_ = 0;   // height of the reading and its correction buttons as last drawn

  void draw_pad(AppState& app, float side) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##pad", ImVec2(side, side));
    const bool hovered = ImGui::IsItemHovered();
    if (ImGui::IsItemActivated()) app.sketch_begin_stroke();
    if (ImGui::IsItemActive()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      app.sketch_add_point({std::clamp((m.x - p0.x) / side, 0.0f, 1.0f), std::clamp((m.y - p0.y) / side, 0.0f, 1.0f)});
    }
    const std::vector<Stroke>& strokes = app.sketch().strokes();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p1(p0.x + side, p0.y + side);
    dl->AddRectFilled(p0, p1, kPaper);
    dl->AddRect(p0, p1, ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Border), 0, 0,
                hovered ? 2.0f : 1.0f);
    dl->PushClipRect(p0, p1, true);
    const float pen = std::max(2.0f, side * 0.05f);
    for (const Stroke& s : strokes) {
      std::vector<ImVec2> pts;
      pts.reserve(s.size());
      for (const StrokePoint& q : s)
        pts.push_back(ImVec2(p0.x + static_cast<float>(q.x) * side, p0.y + static_cast<float>(q.y) * side));
      if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), kInk, 0, pen);
      for (const ImVec2& v : pts) dl->AddCircleFilled(v, pen * 0.5f, kInk, 12);   // round joints and dots
    }
    dl->PopClipRect();
    if (app.sketch().blank()) {
      const char* hint = "Draw a digit here";
      const ImVec2 ts = ImGui::CalcTextSize(hint);
      dl->AddText(ImVec2(p0.x + (side - ts.x) * 0.5f, p0.y + (side - ts.y) * 0.5f), IM_COL32(150, 150, 150, 255),
                  hint);
    }
    if (strokes.empty() && !ImGui::IsItemActive())
      tooltip("Draw a digit 0-9 with the mouse or a finger. Size and position do not matter: the drawing is "
              "scaled and centred like the training images.");
  }

  void draw_buttons(AppState& app, float width) {
    if (ImGui::Button("Clear")) app.sketch_clear();
    tooltip("Erase the drawing (key: C).");
    ImGui::SameLine();
    ImGui::BeginDisabled(app.sketch().empty());
    if (ImGui::Button("Undo stroke")) app.sketch_undo_stroke();
    ImGui::EndDisabled();
    tooltip("Remove the last stroke you drew.");
    if (app.sketch().has_result() && app.input_source() != InputSource::Sketch) {
      ImGui::SameLine();
      if (ImGui::Button("Use sketch")) app.use_sketch();
      tooltip("A dataset image is the current input (Decision panel). Make this sketch the input again.");
    } else {
      ImGui::SameLine();
      ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(), width - ImGui::GetFontSize()));
      help_marker(
          "How your drawing becomes the network's input, exactly like the UCI digits were made:\n"
          "1. The ink's box is stretched to 20 pixels wide and 32 tall and centred in a 32x32 frame, as the "
          "dataset's scans were (every training digit is about 6 of the 8 blocks wide, however it was written).\n"
          "2. It is drawn black-and-white with a pen thick enough to ink about 30% of the frame, like "
          "the training images (a '1' gets a fat pen, an '8' a thinner one).\n"
          "3. The frame is cut into 8x8 blocks of 4x4 pixels; each block's count of ink pixels (0..16) "
          "is one input.");
    }
  }

  void draw_bitmap(const SketchResult& result, float side) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##bitmap", ImVec2(side, side));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float c = side / 32.0f;
    dl->AddRectFilled(p0, ImVec2(p0.x + side, p0.y + side), kPaper);
    for (int r = 0; r < 32; ++r)
      for (int k = 0; k < 32; ++k)
        if (result.bitmap.at(r, k))
          dl->AddRectFilled(ImVec2(p0.x + k * c, p0.y + r * c), ImVec2(p0.x + (k + 1) * c, p0.y + (r + 1) * c), kInk);
    for (int i = 1; i < 8; ++i) {
      dl->AddLine(ImVec2(p0.x + i * 4 * c, p0.y), ImVec2(p0.x + i * 4 * c, p0.y + side), kBlockLine);
      dl->AddLine(ImVec2(p0.x, p0.y + i * 4 * c), ImVec2(p0.x + side, p0.y + i * 4 * c), kBlockLine);
    }
    dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_Border));
    if (hover_block_r_ >= 0)
      dl->AddRect(ImVec2(p0.x + hover_block_c_ * 4 * c, p0.y + hover_block_r_ * 4 * c),
                  ImVec2(p0.x + (hover_block_c_ + 1) * 4 * c, p0.y + (hover_block_r_ + 1) * 4 * c), kHighlight, 0, 0,
                  2.0f);
    if (hovered) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int r = std::clamp(static_cast<int>((m.y - p0.y) / c), 0, 31);
      const int k = std::clamp(static_cast<int>((m.x - p0.x) / c), 0, 31);
      next_hover_r_ = r / 4;
      next_hover_c_ = k / 4;
      ImGui::BeginTooltip();
      ImGui::Text("Bitmap pixel row %d, column %d: %s", r, k, result.bitmap.at(r, k) ? "ink" : "paper");
      ImGui::Text("Its 4x4 block (row %d, column %d) has %d ink pixels,", r / 4, k / 4,
                  result.counts[static_cast<std::size_t>((r / 4) * 8 + k / 4)]);
      ImGui::TextUnformatted("so that input pixel is that count (0..16).");
      ImGui::Text("Pen %.1f px wide, %.0f%% of the frame inked.", result.thickness_px, 100.0 * result.coverage);
      ImGui::EndTooltip();
    }
  }

  void draw_input8(const SketchResult& result, float side) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##input8", ImVec2(side, side));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float c = side / 8.0f;
    draw_digit(dl, p0, c, result.pixels.data());
    dl->AddRect(p0, ImVec2(p0.x + side, p0.y + side), ImGui::GetColorU32(ImGuiCol_Border));
    if (hover_block_r_ >= 0)
      dl->AddRect(ImVec2(p0.x + hover_block_c_ * c, p0.y + hover_block_r_ * c),
                  ImVec2(p0.x + (hover_block_c_ + 1) * c, p0.y + (hover_block_r_ + 1) * c), kHighlight, 0, 0, 2.0f);
    if (hovered) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const int r = std::clamp(static_cast<int>((m.y - p0.y) / c), 0, 7);
      const int k = std::clamp(static_cast<int>((m.x - p0.x) / c), 0, 7);
      next_hover_r_ = r;
      next_hover_c_ = k;
      ImGui::BeginTooltip();
      ImGui::Text("Input pixel row %d, column %d = %d (of 16)", r, k,
                  static_cast<int>(result.pixels[r * 8 + k] + 0.5));
      ImGui::TextUnformatted("All 64 inputs, as the network gets them:");
      pixel_value_table(result.pixels.data(), r, k, kHighlight);
      ImGui::EndTooltip();
    }
  }

  // "8: 0.39  1: 0.31  7: 0.22" from x_left, wrapping before x_right (a narrow panel).
  static void candidate_shares(const Reading& rd, float x_left, float x_right) {
    const float gap = ImGui::GetFontSize() * 0.8f;
    ImVec2 at(x_left, ImGui::GetCursorScreenPos().y);
    for (int k = 0; k < 3; ++k) {
      char text[24];
      std::snprintf(text, sizeof text, "%d: %.2f", rd.candidates[k], rd.candidate_p[k]);
      const float w = ImGui::CalcTextSize(text).x;
      if (k > 0 && at.x + w > x_right) at = ImVec2(x_left, at.y + ImGui::GetTextLineHeight());
      ImGui::SetCursorScreenPos(at);
      ImGui::TextDisabled("%s", text);
      at.x += w + gap;
    }
  }

  void draw_prediction(AppState& app, float width) {
    const float font = ImGui::GetFontSize();
    if (!app.has_data()) {
      ImGui::TextDisabled("Loading the digits...");
      return;
    }
    const VecF& p = app.sketch_probabilities();
    if (p.size() != kClasses) return;
    int best = 0, second = -1;
    for (int k = 1; k < kClasses; ++k)
      if (p[k] > p[best]) best = k;
    for (int k = 0; k < kClasses; ++k)
      if (k != best && (second < 0 || p[k] > p[second])) second = k;

    // The predicted digit, big, with its probability; when the network is unsure (top
    // probability below kUnsureBelow) a big "?" and its top three candidates instead.
    const Reading rd = read_outputs(p);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float big = font * 3.0f;
    char digit[4];
    std::snprintf(digit, sizeof digit, "%d", best);
    if (rd.unsure) std::snprintf(digit, sizeof digit, "?");
    dl->AddText(ImGui::GetFont(), big, p0, rd.unsure ? kUnsure : kPredicted, digit);
    const float dx = ImGui::GetFont()->CalcTextSizeA(big, 1e9f, 0, digit).x + font * 0.6f;
    ImGui::SetCursorScreenPos(ImVec2(p0.x + dx, p0.y + font * 0.2f));
    if (rd.unsure) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kUnsure), "Not sure: %d, %d or %d?", rd.candidates[0],
                         rd.candidates[1], rd.candidates[2]);
      tooltip("The network's largest output is below 0.8 (of outputs summing to 1), so it does not "
              "commit to one digit. Its three best candidates, with their shares of the output.");
      candidate_shares(rd, p0.x + dx, p0.x + width);
    } else {
      ImGui::Text("p = %.2f", p[best]);
      ImGui::SetCursorScreenPos(ImVec2(p0.x + dx, ImGui::GetCursorScreenPos().y));
      if (second >= 0 && p[second] > 0.2f)
        ImGui::TextDisabled("or %d? (%.2f)", second, p[second]);
      else
        ImGui::TextDisabled("network's guess");
    }
    const float text_bottom = ImGui::GetCursorScreenPos().y;   // the candidates may have wrapped
    ImGui::SetCursorScreenPos(p0);
    ImGui::Dummy(ImVec2(width, std::max(big, text_bottom - p0.y)));

    // Ten mini bars, one per digit.
    const ImVec2 b0 = ImGui::GetCursorScreenPos();
    const float bar_h = font * 2.0f;
    const float slot = width / kClasses;
    ImGui::InvisibleButton("##bars", ImVec2(width, bar_h + font));
    const bool hovered = ImGui::IsItemHovered();
    int hover_k = -1;
    if (hovered) hover_k = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - b0.x) / slot), 0, kClasses - 1);
    dl->AddLine(ImVec2(b0.x, b0.y + bar_h), ImVec2(b0.x + width, b0.y + bar_h), ImGui::GetColorU32(ImGuiCol_Border));
    for (int k = 0; k < kClasses; ++k) {
      const float v = std::clamp(p[k], 0.0f, 1.0f);
      const float x0 = b0.x + k * slot + slot * 0.15f, x1 = b0.x + (k + 1) * slot - slot * 0.15f;
      const ImU32 col = k == best ? kPredicted : ImGui::GetColorU32(k == hover_k ? ImGuiCol_ButtonHovered : ImGuiCol_PlotHistogram);
      dl->AddRectFilled(ImVec2(x0, b0.y + bar_h * (1.0f - v)), ImVec2(x1, b0.y + bar_h), col);
      char lab[4];
      std::snprintf(lab, sizeof lab, "%d", k);
      const float tw = ImGui::CalcTextSize(lab).x;
      dl->AddText(ImVec2(b0.x + (k + 0.5f) * slot - tw * 0.5f, b0.y + bar_h), ImGui::GetColorU32(ImGuiCol_Text), lab);
    }
    if (hover_k >= 0) {
      ImGui::BeginTooltip();
      ImGui::Text("Output unit %d: %.3f", hover_k, p[hover_k]);
      if (app.config().arch.output == OutputKind::SigmoidBCE)
        ImGui::TextDisabled("Sigmoid outputs: each unit answers \"is it a %d?\" on its own,\nso the ten values need not sum to 1.", hover_k);
      else
        ImGui::TextDisabled("Softmax outputs: the ten values sum to 1.");
      ImGui::EndTooltip();
    }
    draw_correction(app);
  }

  // "Wrong? It was a ..." and ten digit buttons: the sketch, with the digit clicked or tapped as
  // its label, joins My digits (the Data panel's strip; "Train with my digits" fits them). The
  // button last used for this sketch stays green; the toolbar says how many there are.
  void draw_correction(AppState& app) {
    const float width = ImGui::GetContentRegionAvail().x;   // now (a scrollbar may have appeared)
    const ImGuiStyle& st = ImGui::GetStyle();
    const float font = ImGui::GetFontSize();
    const char* ask = "Wrong? It was a";
    const float gap = st.ItemInnerSpacing.x;
    const float pad_x = std::floor(font * 0.3f);
    const float min_w = ImGui::CalcTextSize("0").x + 2.0f * pad_x;
    const float ask_w = ImGui::CalcTextSize(ask).x + st.ItemSpacing.x;
    // The question and the ten buttons on one line when they fit; else the question, then the
    // buttons in one row of ten or two rows of five.
    const bool one_line = ask_w + 10.0f * min_w + 9.0f * gap <= width;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(one_line ? ask : "Wrong? It was a ...");
    tooltip("Tap or click the digit you meant: your drawing, with that label, joins My digits (the strip "
            "in the Data panel). Tick \"Train with my digits\" there and the network learns your handwriting.");
    float row_w = width;
    if (one_line) {
      ImGui::SameLine();
      row_w = width - ask_w;
    }
    const int per_row = one_line || 10.0f * min_w + 9.0f * gap <= row_w ? 10 : 5;
    const float w = std::max(min_w, std::floor((row_w - static_cast<float>(per_row - 1) * gap) / static_cast<float>(per_row)));
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(pad_x, st.FramePadding.y));
    for (int k = 0; k < kClasses; ++k) {
      if (k % per_row != 0) ImGui::SameLine(0, gap);
      const bool chosen = added_sketch_ == app.sketch().version() && added_label_ == k;
      if (chosen) ImGui::PushStyleColor(ImGuiCol_Button, palette::kTrue);
      char label[16];
      std::snprintf(label, sizeof label, "%d##wrong", k);
      if (ImGui::Button(label, ImVec2(w, 0)) && app.add_my_digit(k, app.sketch().strokes()).ok()) {
        added_label_ = k;
        added_sketch_ = app.sketch().version();
      }
      if (chosen) ImGui::PopStyleColor();
      char name[24];
      std::snprintf(name, sizeof name, "sketch:wrong%d", k);
      name_item(name);   // window.lab.controlRect (browser tests)
    }
    ImGui::PopStyleVar();
  }

  void draw_pipeline(AppState& app, float width) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float font = ImGui::GetFontSize();
    if (!app.sketch().has_result()) {
      ImGui::TextUnformatted("Draw a digit");
      ImGui::TextDisabled("on the white pad.");
      ImGui::Spacing();
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("While you draw, this side shows what the network sees and what it thinks.");
      ImGui::PopStyleColor();
      return;
    }
    const float y0 = ImGui::GetCursorPosY();
    draw_prediction(app, width);
    reading_h_ = ImGui::GetCursorPosY() - y0;
    ImGui::Spacing();

    // The two images: side by side, or one above the other when the column is tall enough.
    const float left_h = ImGui::GetContentRegionAvail().y;
    const float head = ImGui::GetTextLineHeightWithSpacing();
    const float stacked = std::min(width, (left_h - 2 * head - st.ItemSpacing.y * 2) / 2.0f);
    const float beside = std::min((width - st.ItemSpacing.x) / 2.0f, left_h - head - st.ItemSpacing.y);
    const float side = std::floor(std::max(std::max(stacked, beside), font * 3.0f));
    const bool in_row = beside >= stacked;
    // Short labels when the images are narrower than the long ones (a group is as wide as its label).
    const bool long_labels = ImGui::CalcTextSize("32x32 bitmap").x <= side;
    ImGui::BeginGroup();
    ImGui::TextUnformatted(long_labels ? "32x32 bitmap" : "32x32");
    tooltip("Your drawing scaled into a 32x32 black-and-white frame. Blue lines: the 4x4 blocks.");
    draw_bitmap(app.sketch().result(), side);
    ImGui::EndGroup();
    if (in_row) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(long_labels ? "8x8 input" : "8x8");
    tooltip("Ink pixels counted per 4x4 block (0..16): the 64 numbers the network reads. Hover for values.");
    draw_input8(app.sketch().result(), side);
    ImGui::EndGroup();
  }
};

}  // namespace

std::unique_ptr<Panel> make_sketch_panel() { return std::make_unique<SketchPanel>(); }

}  // namespace bpl::ui
