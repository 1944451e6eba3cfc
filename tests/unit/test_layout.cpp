// The layout kind and the panels each layout shows (src/app/layout.hpp).
#include <gtest/gtest.h>

#include "app/layout.hpp"

namespace bpl {
namespace {

const std::vector<std::string> kOrder = {"network", "training", "weights", "data", "sketch", "decision", "lessons"};

ViewState with_open(std::vector<std::string> open) {
  ViewState v;
  v.open = std::move(open);
  v.initialized = true;
  return v;
}

TEST(Layout, PhoneBelow700CssPxDesktopAbove) {
  const ViewState v = with_open({"network", "sketch"});
  EXPECT_EQ(layout_kind(v, 360), LayoutKind::Phone);
  EXPECT_EQ(layout_kind(v, 390), LayoutKind::Phone);
  EXPECT_EQ(layout_kind(v, 699), LayoutKind::Phone);
  EXPECT_EQ(layout_kind(v, 700), LayoutKind::Desktop);
  EXPECT_EQ(layout_kind(v, 844), LayoutKind::Desktop);   // a phone held sideways is wide enough
  EXPECT_EQ(layout_kind(v, 1280), LayoutKind::Desktop);
  EXPECT_STREQ(layout_kind_name(LayoutKind::Phone), "phone");
  EXPECT_STREQ(layout_kind_name(LayoutKind::Desktop), "desktop");
  EXPECT_STREQ(layout_kind_name(LayoutKind::Presenter), "presenter");
}

TEST(Layout, ALargerUiScaleNeedsAsMuchMoreWidth) {
  ViewState v = with_open({"network", "sketch"});
  v.set_ui_scale(2.0f);
  ASSERT_FLOAT_EQ(v.ui_scale(), 2.0f);
  EXPECT_EQ(layout_kind(v, 1280), LayoutKind::Phone);     // laid out like 640 at 100%
  EXPECT_EQ(layout_kind(v, 1399), LayoutKind::Phone);
  EXPECT_EQ(layout_kind(v, 1400), LayoutKind::Desktop);
  EXPECT_EQ(layout_kind(v, 1920), LayoutKind::Desktop);
  v.set_ui_scale(0.75f);
  EXPECT_EQ(layout_kind(v, 600), LayoutKind::Desktop);     // 800 at 100%
}

TEST(Layout, PresenterWinsAtAnyWidth) {
  ViewState v = with_open({"network"});
  v.set_presenter(true);
  EXPECT_EQ(layout_kind(v, 390), LayoutKind::Presenter);
  EXPECT_EQ(layout_kind(v, 1920), LayoutKind::Presenter);
  EXPECT_EQ(visible_panels(v, LayoutKind::Presenter, kOrder), (std::vector<std::string>{"training", "sketch"}));
}

TEST(Layout, DesktopShowsEveryOpenPanelInRegistryOrder) {
  const ViewState v = with_open({"sketch", "network", "data"});
  EXPECT_EQ(visible_panels(v, LayoutKind::Desktop, kOrder), (std::vector<std::string>{"network", "data", "sketch"}));
}

TEST(Layout, PhoneShowsExactlyOnePanelTheFirstOpenByDefault) {
  const ViewState v = with_open({"sketch", "data", "network"});
  EXPECT_EQ(visible_panels(v, LayoutKind::Phone, kOrder), std::vector<std::string>{"network"});
  EXPECT_TRUE(visible_panels(with_open({}), LayoutKind::Phone, kOrder).empty());
}

TEST(Layout, BringToFrontOpensThePanelAndThePhoneShowsIt) {
  ViewState v = with_open({"network", "data"});
  const auto before = v.version;
  v.bring_to_front("sketch");
  EXPECT_GT(v.version, before);   // a panel was opened
  EXPECT_TRUE(v.is_open("sketch"));
  EXPECT_EQ(visible_panels(v, LayoutKind::Phone, kOrder), std::vector<std::string>{"sketch"});
  // Desktop is unchanged by the choice: every open panel.
  EXPECT_EQ(visible_panels(v, LayoutKind::Desktop, kOrder).size(), 3u);
  // Closing the front panel falls back to the first open one.
  v.set_open("sketch", false);
  EXPECT_EQ(visible_panels(v, LayoutKind::Phone, kOrder), std::vector<std::string>{"network"});
  // Choosing an open panel changes no version (the desktop layout keeps moved panels).
  const auto same = v.version;
  v.bring_to_front("data");
  EXPECT_EQ(v.version, same);
  EXPECT_EQ(visible_panels(v, LayoutKind::Phone, kOrder), std::vector<std::string>{"data"});
}

}  // namespace
}  // namespace bpl
