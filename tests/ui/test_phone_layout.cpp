// The whole UI (AppUi: toolbar and panels) on a headless Dear ImGui at phone and desktop sizes:
// the layout kind, the panels drawn, and the toolbar's controls (sizes in ImGui pixels = CSS
// pixels here: shared().scale is 1). No digits are loaded: the panels show their loading line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app_ui_fixture.hpp"
#include "imgui.h"
#include "imgui_internal.h"   // the tooltip windows of a frame
#include "ui/app_ui.hpp"
#include "ui/item_registry.hpp"

namespace {

using bpl::LayoutKind;
using bpl::ui::Rect;

class PhoneLayoutTest : public bpl::ui::testing::AppUiTest {
 protected:
  std::vector<std::string> drawn_panels() const {
    std::vector<std::string> out;
    for (const std::string& n : ui_->panel_names())
      if (ui_->panel_rect(n, nullptr)) out.push_back(n);
    return out;
  }
  Rect control(const char* name) const {
    Rect r;
    EXPECT_TRUE(ui_->control_rect(name, &r)) << name;
    return r;
  }
};

bool overlap(const Rect& a, const Rect& b) {
  return a.x + 0.5f < b.x + b.w && b.x + 0.5f < a.x + a.w && a.y + 0.5f < b.y + b.h && b.y + 0.5f < a.y + a.h;
}

TEST_F(PhoneLayoutTest, At390x844OnePanelFullWidthAndAToolbarThatFits) {
  frames(390, 844);
  EXPECT_EQ(ui_->layout_kind(), LayoutKind::Phone);
  const std::vector<std::string> visible = ui_->visible_panels();
  ASSERT_EQ(visible.size(), 1u);
  EXPECT_EQ(drawn_panels(), visible);
  Rect p, tb;
  ASSERT_TRUE(ui_->panel_rect(visible[0], &p));
  ASSERT_TRUE(ui_->panel_rect("toolbar", &tb));
  EXPECT_GE(p.w, 390 - 20);                 // full width, but for the gap
  EXPECT_GE(p.y, tb.y + tb.h);              // below the toolbar
  EXPECT_LE(p.y + p.h, 844.5f);
  const char* names[] = {"train", "step", "lessons", "more", "picker:prev", "picker", "picker:next"};
  std::vector<Rect> rs;
  for (const char* n : names) {
    const Rect r = control(n);
    EXPECT_GE(r.h, 43.5f) << n << " is not finger-high";
    EXPECT_GE(r.w, 43.5f) << n << " is not finger-wide";
    EXPECT_GE(r.x, 0.0f) << n;
    EXPECT_LE(r.x + r.w, 390.5f) << n << " leaves the screen";
    EXPECT_LE(r.y + r.h, tb.y + tb.h + 0.5f) << n << " leaves the toolbar";
    rs.push_back(r);
  }
  for (std::size_t i = 0; i < rs.size(); ++i)
    for (std::size_t j = i + 1; j < rs.size(); ++j) EXPECT_FALSE(overlap(rs[i], rs[j])) << names[i] << " overlaps " << names[j];
  // Reset, View, Share, Layout and Model are in the More menu, not on the toolbar.
  for (const char* n : {"reset", "view", "share", "model"}) {
    Rect r;
    EXPECT_FALSE(ui_->control_rect(n, &r)) << n << " is on the phone toolbar";
  }
}

TEST_F(PhoneLayoutTest, ThePickerChoiceAndLessonsSwitchTheOnePanel) {
  frames(360, 640);
  ASSERT_EQ(ui_->layout_kind(), LayoutKind::Phone);
  const std::string first = ui_->visible_panels().at(0);
  app_.view().bring_to_front("sketch");
  frames(360, 640, 2);
  EXPECT_EQ(ui_->visible_panels(), std::vector<std::string>{"sketch"});
  EXPECT_EQ(drawn_panels(), std::vector<std::string>{"sketch"});
  app_.view().bring_to_front("lessons");   // what the Lessons button and "Show me" do
  frames(360, 640, 2);
  EXPECT_EQ(drawn_panels(), std::vector<std::string>{"lessons"});
  Rect p;
  ASSERT_TRUE(ui_->panel_rect("lessons", &p));
  EXPECT_GE(p.w, 360 - 20);
  EXPECT_NE(first, "lessons");
}

// After a tap the pointer rests on the control and its help shows: on a 360 px screen the
// Lessons button's long help wraps to stay inside the display.
TEST_F(PhoneLayoutTest, HelpUnderAFingerStaysOnANarrowScreen) {
  frames(360, 640);
  const Rect b = control("lessons");
  ImGui::GetIO().MousePos = ImVec2(b.x + b.w / 2, b.y + b.h / 2);
  frames(360, 640, 40);   // past any hover delay
  int tooltips = 0;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active || !(w->Flags & ImGuiWindowFlags_Tooltip)) continue;
    ++tooltips;
    EXPECT_GE(w->Pos.x, 0.0f) << w->Name;
    EXPECT_LE(w->Pos.x + w->Size.x, 360.5f) << w->Name << " is " << w->Size.x << " wide at x " << w->Pos.x;
  }
  EXPECT_EQ(tooltips, 1) << "the Lessons button's help did not show";
}

TEST_F(PhoneLayoutTest, WideScreensKeepTheDesktopLayoutAndPresenterMode) {
  frames(1280, 800);
  EXPECT_EQ(ui_->layout_kind(), LayoutKind::Desktop);
  EXPECT_EQ(drawn_panels(), ui_->visible_panels());
  EXPECT_GE(ui_->visible_panels().size(), 6u);
  frames(844, 390);   // a phone held sideways: wide enough for the desktop layout
  EXPECT_EQ(ui_->layout_kind(), LayoutKind::Desktop);
  frames(390, 844);
  EXPECT_EQ(ui_->layout_kind(), LayoutKind::Phone);
  ui_->toggle_presenter();
  frames(390, 844);
  EXPECT_EQ(ui_->layout_kind(), LayoutKind::Presenter);
  EXPECT_EQ(drawn_panels(), ui_->visible_panels());
}

}  // namespace
