// The item registry (src/ui/item_registry.*) on a headless Dear ImGui: no window, no renderer;
// NewFrame/EndFrame run the same hooks as in the page.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "headless_imgui.hpp"
#include "imgui.h"
#include "ui/item_registry.hpp"

namespace {

using bpl::ui::Item;
using bpl::ui::ItemKind;
using bpl::ui::item_registry;

class ItemRegistryTest : public ::testing::Test {
 protected:
  bpl::ui::testing::HeadlessImGui imgui_{ImVec2(800, 600)};

  // One frame: a toolbar and a "Network" panel 400x420 at (0, 40) with one of each widget; a
  // button far below the panel's visible part; `panel` false leaves the panel out.
  void frame(bool panel = true) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 40));
    ImGui::Begin("##toolbar", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::Button("Pause###train");
    ImGui::SameLine();
    ImGui::Button("Step");
    ImGui::End();
    if (panel) {
      ImGui::SetNextWindowPos(ImVec2(0, 40));
      ImGui::SetNextWindowSize(ImVec2(400, 420));
      ImGui::Begin("Network###network");
      static bool check = true;
      static int radio = 1, slider = 3, input = 32, combo = 0;
      static float drag = 0.5f;
      ImGui::Button("Run check");
      ImGui::Checkbox("Early stopping", &check);
      ImGui::RadioButton("all of layer", &radio, 1);
      ImGui::SameLine();
      ImGui::RadioButton("##other", &radio, 2);
      ImGui::SliderInt("Copies", &slider, 1, 16);
      ImGui::InputInt("Batch size", &input);
      if (ImGui::BeginCombo("##preset", "Notebook")) ImGui::EndCombo();
      ImGui::Combo("Activation", &combo, "sigmoid\0relu\0");
      ImGui::Selectable("Pick me");
      ImGui::DragFloat("Rate", &drag);
      bpl::ui::set_item_kind(ItemKind::Drag);   // the hooks cannot tell a drag from an input
      if (ImGui::BeginTabBar("##tabs")) {
        if (ImGui::BeginTabItem("Model")) ImGui::EndTabItem();
        if (ImGui::BeginTabItem("Optimizer")) ImGui::EndTabItem();
        ImGui::EndTabBar();
      }
      ImGui::CollapsingHeader("Details");
      ImGui::Button("Again");
      ImGui::Button("Again##2");
      ImGui::BeginChild("##list", ImVec2(0, 60), true);   // a child window: its frame is no control
      ImGui::Button("In child");
      ImGui::EndChild();
      ImGui::Text("A verdict");
      bpl::ui::name_item("network:verdict");
      ImGui::Dummy(ImVec2(10, 2000));
      ImGui::Button("Far below");
      ImGui::SetScrollY(scroll_);   // applies from the next frame
      ImGui::End();
    }
    ImGui::Render();
  }

  const Item& get(const char* name) { return bpl::ui::testing::registry_item(name); }

  float scroll_ = 0.0f;
};

TEST_F(ItemRegistryTest, NamesKindsAndPanelsOfEveryWidget) {
  for (int i = 0; i < 3; ++i) frame();   // a new window is hidden on its first frame
  EXPECT_EQ(get("train").kind, ItemKind::Button);
  EXPECT_EQ(get("train").panel, "toolbar");
  EXPECT_EQ(get("step").kind, ItemKind::Button);
  EXPECT_EQ(get("network:run_check").kind, ItemKind::Button);
  EXPECT_EQ(get("network:run_check").panel, "network");
  EXPECT_EQ(get("network:early_stopping").kind, ItemKind::Checkbox);
  EXPECT_TRUE(get("network:early_stopping").checked);
  EXPECT_EQ(get("network:all_of_layer").kind, ItemKind::Radio);
  EXPECT_EQ(get("network:other").kind, ItemKind::Radio);
  EXPECT_EQ(get("network:copies").kind, ItemKind::Slider);
  EXPECT_EQ(get("network:combo").kind, ItemKind::Combo);   // ImGui gives no label for a combo: its kind
  EXPECT_EQ(get("network:preset").kind, ItemKind::Combo);   // the alias table: "##preset"
  EXPECT_EQ(get("network:pick_me").kind, ItemKind::Selectable);
  EXPECT_EQ(get("network:rate").kind, ItemKind::Drag);
  EXPECT_EQ(get("network:tab:model").kind, ItemKind::Tab);  // the alias table
  EXPECT_TRUE(get("network:tab:model").checked);
  EXPECT_FALSE(get("network:tab:optimizer").checked);
  EXPECT_EQ(get("network:details").kind, ItemKind::Header);
  EXPECT_EQ(get("network:again").kind, ItemKind::Button);
  EXPECT_EQ(get("network:again#2").kind, ItemKind::Button);   // the same shown label: numbered
  EXPECT_EQ(get("network:verdict").kind, ItemKind::Text);     // named by hand (no ID)
  // InputInt: its field (no label of its own) and its -/+ buttons.
  int inputs = 0;
  for (const Item& it : item_registry().items()) inputs += it.kind == ItemKind::Input;
  EXPECT_EQ(inputs, 1);
}

TEST_F(ItemRegistryTest, NamesAreUniqueAndNoWindowChromeIsListed) {
  for (int i = 0; i < 3; ++i) frame();
  std::set<std::string> names;
  for (const Item& it : item_registry().items()) {
    EXPECT_TRUE(names.insert(it.name).second) << it.name;
    EXPECT_NE(it.id, 0u);
  }
  // 2 toolbar buttons; the panel: 17 widgets + InputInt's two buttons.
  EXPECT_EQ(item_registry().items().size(), 2u + 19u);
  EXPECT_EQ(get("network:in_child").panel, "network");
}

TEST_F(ItemRegistryTest, VisibleRectanglesLieInTheirWindowAndHiddenItemsAreMarked) {
  for (int i = 0; i < 3; ++i) frame();
  for (const Item& it : item_registry().items()) {
    if (!it.shown()) continue;
    const float top = it.panel == "toolbar" ? 0.0f : 40.0f, bottom = it.panel == "toolbar" ? 40.0f : 460.0f;
    EXPECT_GE(it.visible.y, top) << it.name;
    EXPECT_LE(it.visible.y + it.visible.w, bottom) << it.name;
    EXPECT_GE(it.visible.x, 0.0f) << it.name;
    EXPECT_LE(it.visible.x + it.visible.z, it.panel == "toolbar" ? 800.0f : 400.0f) << it.name;
  }
  EXPECT_EQ(item_registry().find("network:far_below"), nullptr);   // never shown: ImGui gave no label
  scroll_ = 1e6f;   // to the end: "Far below" shows, "Run check" scrolls out of view
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_TRUE(get("network:far_below").shown());
  EXPECT_FALSE(get("network:run_check").shown());
  scroll_ = 0.0f;
  for (int i = 0; i < 3; ++i) frame();
  const Item& far = get("network:far_below");   // the same name while it is out of view
  EXPECT_FALSE(far.shown());
  EXPECT_EQ(far.kind, ItemKind::Button);
  EXPECT_GT(far.rect.y, 460.0f);
  EXPECT_TRUE(get("network:run_check").shown());
}

TEST_F(ItemRegistryTest, AClosedPanelsItemsAreGoneTheNextFrame) {
  for (int i = 0; i < 3; ++i) frame();
  ASSERT_NE(item_registry().find("network:run_check"), nullptr);
  const long f = item_registry().frame();
  frame(false);
  EXPECT_EQ(item_registry().frame(), f + 1);
  EXPECT_EQ(item_registry().find("network:run_check"), nullptr);
  EXPECT_EQ(item_registry().find("network:verdict"), nullptr);
  EXPECT_NE(item_registry().find("train"), nullptr);
}

TEST(ItemRegistrySlug, LabelsBecomeStableNames) {
  EXPECT_EQ(bpl::ui::slug("Run check"), "run_check");
  EXPECT_EQ(bpl::ui::label_slug("Pause###train"), "train");
  EXPECT_EQ(bpl::ui::label_slug("##eps"), "eps");
  EXPECT_EQ(bpl::ui::label_slug("+##more"), "more");
  EXPECT_EQ(bpl::ui::label_slug("Seed##aug"), "seed");
  EXPECT_EQ(bpl::ui::label_slug("\xE2\x96\xB6 Run"), "run");
  EXPECT_EQ(bpl::ui::label_slug("-"), "");
}

}  // namespace
