// Values in the item registry (issue 18): widgets.cpp's slider/input/combo wrappers record the
// value of the item they draw (lab.controls()) and apply a value lab.setControl asked for
// (ItemRegistry::request_value) in the item's next frame, as the user's own edit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "headless_imgui.hpp"
#include "imgui.h"
#include "ui/item_registry.hpp"
#include "ui/panel.hpp"

namespace {

using bpl::ui::Item;
using bpl::ui::ItemKind;
using bpl::ui::item_registry;

class ItemValueTest : public ::testing::Test {
 protected:
  bpl::ui::testing::HeadlessImGui imgui_{ImVec2(800, 600)};

  // What the widgets reported as edited in the last frame.
  struct Edits { bool copies = false, batch = false, rate = false, seed = false, link = false, lambda = false; } edits_;
  int copies_ = 3, batch_ = 32, speed_ = 10, act_ = 1;
  double rate_ = 0.01, lambda_ = 0.5;
  unsigned long long seed_ = 7;
  std::string link_ = "https://example.org/#x", note_ = "hi";
  bool disabled_ = false;

  void frame(bool panel = true) {
    ImGui::NewFrame();
    edits_ = {};
    if (panel) {
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(ImVec2(600, 500));
      ImGui::Begin("Network###network");
      edits_.copies = bpl::ui::slider_int("Copies", &copies_, 1, 16);
      edits_.batch = bpl::ui::input_int("Batch size", &batch_, 1, 16);
      edits_.rate = bpl::ui::slider_double("Learning rate", &rate_, 1e-5, 10.0, "%.3g", ImGuiSliderFlags_Logarithmic);
      bpl::ui::slider_int("##speed", &speed_, 1, 1000, "%d steps/s");
      edits_.seed = bpl::ui::input_u64("Init seed", &seed_);
      edits_.lambda = bpl::ui::input_double("lambda", &lambda_, 0, 0, "%.4g");
      edits_.link = bpl::ui::input_text("##link", &link_, ImGuiInputTextFlags_ReadOnly);
      bpl::ui::input_text("Note", &note_);
      static const char* kActs[] = {"sigmoid", "tanh", "relu"};
      bpl::ui::combo("Activation", &act_, kActs, 3);
      if (disabled_) ImGui::BeginDisabled();
      int off = 4;
      bpl::ui::input_int("Patience", &off);
      if (disabled_) ImGui::EndDisabled();
      ImGui::Button("Run");
      ImGui::End();
    }
    ImGui::Render();
  }

  const Item& get(const char* name) { return bpl::ui::testing::registry_item(name); }
  std::string set(const char* name, const char* text) { return item_registry().request_value(name, text); }
};

TEST_F(ItemValueTest, SlidersFieldsAndCombosReportTheirValues) {
  for (int i = 0; i < 3; ++i) frame();
  const Item& copies = get("network:copies");
  EXPECT_EQ(copies.kind, ItemKind::Slider);
  ASSERT_TRUE(copies.value.known);
  EXPECT_EQ(copies.value.value, 3.0);
  EXPECT_EQ(copies.value.min, 1.0);
  EXPECT_EQ(copies.value.max, 16.0);
  EXPECT_TRUE(copies.value.integer);
  EXPECT_EQ(copies.value.text, "3");
  // An InputInt's field has no label of its own: the wrapper names it by the label it drew.
  const Item& batch = get("network:batch_size");
  EXPECT_EQ(batch.kind, ItemKind::Input);
  EXPECT_EQ(batch.label, "Batch size");
  EXPECT_EQ(batch.value.value, 32.0);
  EXPECT_FALSE(batch.value.bounded());
  EXPECT_EQ(batch.value.step, 1.0);
  EXPECT_EQ(get("network:decrease_batch_size").kind, ItemKind::Button);   // its -/+ buttons say what they do
  EXPECT_EQ(get("network:increase_batch_size").label, "Increase Batch size");
  const Item& rate = get("network:learning_rate");
  EXPECT_EQ(rate.kind, ItemKind::Slider);
  EXPECT_DOUBLE_EQ(rate.value.value, 0.01);
  EXPECT_FALSE(rate.value.integer);
  EXPECT_TRUE(rate.value.log);
  EXPECT_EQ(rate.value.text, "0.01");
  EXPECT_EQ(get("network:speed").value.text, "10 steps/s");   // the text the slider shows
  EXPECT_EQ(get("network:init_seed").value.min, 0.0);
  const Item& link = get("network:link");
  EXPECT_TRUE(link.value.text_field);
  EXPECT_TRUE(link.value.read_only);
  EXPECT_EQ(link.value.text, link_);
  const Item& act = get("network:activation");   // a combo named by its label, its preview as text
  EXPECT_EQ(act.kind, ItemKind::Combo);
  EXPECT_EQ(act.value.text, "tanh");
  EXPECT_FALSE(get("network:run").value.known);
}

TEST_F(ItemValueTest, ARequestedValueIsTheWidgetsEditInTheNextFrameOnce) {
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_EQ(set("network:copies", " 7 "), "");
  EXPECT_EQ(copies_, 3) << "nothing changes before the widget's next frame";
  frame();
  EXPECT_TRUE(edits_.copies) << "the widget reports the edit: its panel sends its intent";
  EXPECT_EQ(copies_, 7);
  EXPECT_EQ(get("network:copies").value.value, 7.0);
  EXPECT_FALSE(edits_.batch);
  frame();
  EXPECT_FALSE(edits_.copies) << "applied once";
  EXPECT_EQ(copies_, 7);

  EXPECT_EQ(set("network:batch_size", "100"), "");   // unbounded: any whole number
  frame();
  EXPECT_TRUE(edits_.batch);
  EXPECT_EQ(batch_, 100);
  EXPECT_EQ(set("network:batch_size", "2e3"), "");   // any notation of a whole number
  frame();
  EXPECT_EQ(batch_, 2000);
  EXPECT_EQ(set("network:learning_rate", "0.003"), "");
  frame();
  EXPECT_TRUE(edits_.rate);
  EXPECT_DOUBLE_EQ(rate_, 0.003);
  EXPECT_EQ(set("network:init_seed", "123456789012"), "");
  frame();
  EXPECT_TRUE(edits_.seed);
  EXPECT_EQ(seed_, 123456789012ULL);
  EXPECT_EQ(set("network:init_seed", "18446744073709551615"), "");   // the largest seed, exactly
  frame();
  EXPECT_EQ(seed_, 18446744073709551615ULL);
  EXPECT_EQ(set("network:lambda", "1e-3"), "");
  frame();
  EXPECT_TRUE(edits_.lambda);
  EXPECT_DOUBLE_EQ(lambda_, 1e-3);
  EXPECT_EQ(set("network:note", "hello there"), "");
  frame();
  EXPECT_EQ(note_, "hello there");
}

TEST_F(ItemValueTest, BadValuesAreRefusedWithAMessageAndChangeNothing) {
  for (int i = 0; i < 3; ++i) frame();
  auto refused = [&](const char* name, const char* text, const char* says) {
    const std::string err = set(name, text);
    EXPECT_NE(err.find(says), std::string::npos) << name << " = '" << text << "': " << err;
  };
  refused("network:copies", "20", "takes 1 to 16; 20 is out of range");
  refused("network:copies", "0", "out of range");
  refused("network:copies", "abc", "takes a number");
  refused("network:copies", "", "takes a number");
  refused("network:copies", "2.5", "whole number");
  refused("network:copies", "inf", "takes a number");
  refused("network:init_seed", "-1", "at least 0");
  refused("network:learning_rate", "100", "out of range");
  refused("network:link", "x", "read-only");
  refused("network:run", "1", "no slider or input field named 'network:run'");
  refused("network:activation", "relu", "no slider or input field");
  refused("nothing:here", "1", "no slider or input field");
  disabled_ = true;
  frame();
  refused("network:patience", "5", "disabled");
  frame();
  EXPECT_EQ(copies_, 3);
  EXPECT_FALSE(edits_.copies || edits_.seed || edits_.rate || edits_.link);
  EXPECT_EQ(seed_, 7u);
  EXPECT_DOUBLE_EQ(rate_, 0.01);
}

TEST_F(ItemValueTest, ARequestForAnItemNotDrawnNextFrameIsDropped) {
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_EQ(set("network:copies", "9"), "");
  frame(false);   // the panel was closed
  frame(false);
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_EQ(copies_, 3);
  // A later request replaces an earlier one.
  EXPECT_EQ(set("network:copies", "5"), "");
  EXPECT_EQ(set("network:copies", "6"), "");
  frame();
  EXPECT_EQ(copies_, 6);
}

}  // namespace

// An item scrolled out of view from the first frame on gets no label or kind from the hooks: the
// wrapper's record gives its kind, and its -/+ buttons their names, so each keeps the name and
// kind it has in view (the HTML mirror keeps its element, and the keyboard focus, across a scroll).
TEST(ItemValueClipped, AClippedFieldHasTheNameAndKindItHasInView) {
  bpl::ui::testing::HeadlessImGui imgui(ImVec2(800, 600));
  double beta = 0.9;
  int size = 5;
  int kind = 0;
  auto frame = [&](float height) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(400, height));
    ImGui::Begin("Clip###clip");
    for (int i = 0; i < 6; ++i) ImGui::TextUnformatted("Filler text");   // not items
    bpl::ui::slider_double("\xCE\xB2\xE2\x82\x89", &beta, 0.0, 1.0, "%.2f", 0);   // "β₉": no ASCII to name it by
    bpl::ui::input_int("Clip size", &size, 1, 10);
    static const char* kKinds[] = {"a", "b"};
    bpl::ui::combo("Clip kind", &kind, kKinds, 2);
    ImGui::End();
    ImGui::Render();
  };
  auto listing = [] {
    std::vector<std::string> out;
    for (const Item& it : item_registry().items())
      if (it.panel == "clip")
        out.push_back(it.name + " " + bpl::ui::item_kind_name(it.kind) + (it.shown() ? "" : " hidden"));
    return out;
  };
  for (int i = 0; i < 2; ++i) frame(60.0f);   // only the first lines of text show
  std::vector<std::string> clipped = listing();
  ASSERT_EQ(clipped.size(), 5u) << ::testing::PrintToString(clipped);   // slider, field, -, +, combo
  for (std::string& s : clipped) {
    ASSERT_NE(s.find(" hidden"), std::string::npos) << s;
    s.erase(s.find(" hidden"));
  }
  for (int i = 0; i < 2; ++i) frame(560.0f);   // all in view
  EXPECT_EQ(listing(), clipped);
  EXPECT_EQ(bpl::ui::testing::registry_item("clip:clip_size").kind, ItemKind::Input);
  EXPECT_EQ(bpl::ui::testing::registry_item("clip:decrease_clip_size").kind, ItemKind::Button);
}

// A control's tooltip and a "(?)" marker's text are the item's help (the mirror's description);
// the tooltip of information text (no ID) belongs to no control.
TEST(ItemHelp, TooltipsDescribeTheirOwnItemOnly) {
  bpl::ui::testing::HeadlessImGui imgui(ImVec2(800, 600));
  for (int i = 0; i < 2; ++i) {
    ImGui::NewFrame();
    ImGui::Begin("Helpful###helpful");
    ImGui::Button("Go");
    bpl::ui::tooltip("Goes somewhere.");
    ImGui::TextUnformatted("1,234 parameters");
    bpl::ui::tooltip("Weights and biases.");   // information text: not the button's
    ImGui::Button("Stay");
    bpl::ui::help_marker("Why one stays.", "helpful:why");
    ImGui::End();
    ImGui::Render();
  }
  EXPECT_EQ(bpl::ui::testing::registry_item("helpful:go").help, "Goes somewhere.");
  EXPECT_EQ(bpl::ui::testing::registry_item("helpful:stay").help, "");
  EXPECT_EQ(bpl::ui::testing::registry_item("helpful:why").help, "Why one stays.");
}
