// The desktop layout on a headless Dear ImGui (the whole AppUi; ImGui's default font, sizes in
// ImGui pixels = CSS pixels: shared().scale is 1; no digits are loaded, the Sketch panel draws
// anyway):
//   - with the default panels the Sketch pad is square, inside its panel and at least 300 px at
//     1024x768, and larger at 1280x800 and 1920x1080
//   - a panel opened from the View menu's path (set_panel_open) leaves the open ones where they
//     were; a close, or panels opened by anything else (a lesson, a link), lay everything out anew
//   - bpl::panels_added, the rule underneath
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app_ui_fixture.hpp"
#include "app/layout.hpp"
#include "imgui.h"
#include "ui/app_ui.hpp"
#include "ui/item_registry.hpp"

namespace {

using bpl::ui::Rect;

class DesktopLayoutTest : public bpl::ui::testing::AppUiTest {
 protected:
  std::map<std::string, Rect> open_rects() const {
    std::map<std::string, Rect> out;
    for (const std::string& n : ui_->panel_names()) {
      Rect r;
      if (ui_->panel_rect(n, &r)) out[n] = r;
    }
    return out;
  }
  // The pad's side after frames at w x h, checked square and inside the Sketch panel.
  float pad_side(float w, float h) {
    frames(w, h);
    Rect panel;
    EXPECT_TRUE(ui_->panel_rect("sketch", &panel));
    const ImVec4 pad = bpl::ui::shared().sketch_pad_rect;
    EXPECT_FLOAT_EQ(pad.z, pad.w) << "not square at " << w << "x" << h;
    EXPECT_GE(pad.x, panel.x);
    EXPECT_GE(pad.y, panel.y);
    EXPECT_LE(pad.x + pad.z, panel.x + panel.w + 0.5f);
    EXPECT_LE(pad.y + pad.w, panel.y + panel.h + 0.5f);
    return pad.z;
  }
  static bool same(const Rect& a, const Rect& b) { return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; }
};

TEST_F(DesktopLayoutTest, TheSketchPadFillsItsPanelAndGrowsWithTheScreen) {
  const float s1024 = pad_side(1024, 768);
  EXPECT_GE(s1024, 300.0f);
  const float s1280 = pad_side(1280, 800);
  EXPECT_GT(s1280, s1024);
  const float s1920 = pad_side(1920, 1080);
  EXPECT_GT(s1920, s1280 + 100.0f);
}

// The larger Sketch cell leaves the other five tiled (no overlap) and Training at least 20 font
// units wide (its plot and its row of checkboxes), at each desktop size.
TEST_F(DesktopLayoutTest, TheDefaultPanelsTileWithAUsableTrainingPanel) {
  for (const ImVec2 size : {ImVec2(1024, 768), ImVec2(1280, 800), ImVec2(1920, 1080)}) {
    frames(size.x, size.y);
    const std::map<std::string, Rect> r = open_rects();
    ASSERT_EQ(r.size(), 6u);
    for (auto a = r.begin(); a != r.end(); ++a) {
      EXPECT_LE(a->second.x + a->second.w, size.x + 0.5f) << a->first;
      EXPECT_LE(a->second.y + a->second.h, size.y + 0.5f) << a->first;
      for (auto b = std::next(a); b != r.end(); ++b) {
        const Rect &p = a->second, &q = b->second;
        EXPECT_FALSE(p.x + 0.5f < q.x + q.w && q.x + 0.5f < p.x + p.w && p.y + 0.5f < q.y + q.h && q.y + 0.5f < p.y + p.h)
            << a->first << " overlaps " << b->first << " at " << size.x << "x" << size.y;
      }
    }
    EXPECT_GE(r.at("training").w, 20.0f * ImGui::GetFontSize()) << size.x << "x" << size.y;
    EXPECT_GT(r.at("training").w, r.at("network").w) << size.x << "x" << size.y;
  }
}

TEST_F(DesktopLayoutTest, OpeningAPanelLeavesTheOpenOnesWhereTheyAre) {
  frames(1024, 768);
  const std::map<std::string, Rect> before = open_rects();
  ASSERT_EQ(before.size(), 6u);
  ASSERT_TRUE(ui_->set_panel_open("gradcheck", true));
  frames(1024, 768);
  ASSERT_TRUE(ui_->set_panel_open("lessons", true));   // a tall one too
  frames(1024, 768);
  const std::map<std::string, Rect> after = open_rects();
  ASSERT_EQ(after.size(), 8u);
  for (const auto& [name, r] : before) {
    ASSERT_TRUE(after.count(name)) << name;
    EXPECT_TRUE(same(after.at(name), r)) << name << " moved when a panel opened";
  }
  EXPECT_GT(after.at("gradcheck").w, 100.0f);
  EXPECT_GT(after.at("lessons").h, 300.0f);
}

TEST_F(DesktopLayoutTest, AClosedPanelOrAnotherChangeLaysOutAfresh) {
  frames(1024, 768);
  const std::map<std::string, Rect> before = open_rects();
  ASSERT_TRUE(ui_->set_panel_open("weights", false));
  frames(1024, 768);
  std::map<std::string, Rect> now = open_rects();
  EXPECT_FALSE(now.count("weights"));
  EXPECT_FALSE(same(now.at("sketch"), before.at("sketch"))) << "five panels kept the six's places";
  // Opened by a lesson or a link (not set_panel_open): a fresh layout, as before.
  const std::map<std::string, Rect> five = now;
  app_.view().set_open("lessons", true);
  frames(1024, 768);
  now = open_rects();
  EXPECT_FALSE(same(now.at("network"), five.at("network"))) << "the lessons column did not push the others";
}

TEST(PanelsAdded, OnlyAdditionsKeepTheLayout) {
  std::vector<std::string> added;
  EXPECT_TRUE(bpl::panels_added({"a", "b"}, {"a", "c", "b"}, &added));
  EXPECT_EQ(added, std::vector<std::string>{"c"});
  EXPECT_FALSE(bpl::panels_added({"a", "b"}, {"a", "c"}, &added));   // b closed
  EXPECT_FALSE(bpl::panels_added({"a", "b"}, {"b", "a"}, &added));   // nothing new
  EXPECT_TRUE(bpl::panels_added({}, {"a"}, &added));
  EXPECT_EQ(added, std::vector<std::string>{"a"});
}

}  // namespace
