// ViewState: which panels are open. The layout keys on its version, so every real change must
// bump it and a no-op must not.
#include <gtest/gtest.h>

#include "app/view_state.hpp"

namespace bpl {

TEST(ViewState, OpenCloseAndVersion) {
  ViewState v;
  EXPECT_FALSE(v.is_open("data"));
  v.set_open("data", true);
  EXPECT_TRUE(v.is_open("data"));
  EXPECT_EQ(v.version, 1u);
  v.set_open("data", true);               // already open: no change
  EXPECT_EQ(v.version, 1u);
  EXPECT_EQ(v.open.size(), 1u);
  v.set_open("sketch", true);
  v.set_open("data", false);
  EXPECT_FALSE(v.is_open("data"));
  EXPECT_TRUE(v.is_open("sketch"));
  EXPECT_EQ(v.version, 3u);
  v.set_open("data", false);              // already closed: no change
  EXPECT_EQ(v.version, 3u);
  EXPECT_EQ(v.open.size(), 1u);
}

}  // namespace bpl

namespace bpl {

TEST(ViewState, PresenterModeHasItsOwnPanelsAndScale) {
  ViewState v;
  v.set_open("data", true);
  v.set_open("weights", true);
  v.set_ui_scale(1.25f);
  v.set_presenter(true);
  EXPECT_FALSE(v.is_open("data"));            // presenter mode shows its own list
  EXPECT_TRUE(v.is_open("training"));
  EXPECT_FLOAT_EQ(v.ui_scale(), 1.5f);
  v.set_open("training", false);
  v.set_open("backprop", true);
  v.set_ui_scale(5.0f);                       // clamped
  EXPECT_FLOAT_EQ(v.ui_scale(), ViewState::kMaxScale);
  v.set_presenter(false);                     // the working layout is untouched
  EXPECT_TRUE(v.is_open("data"));
  EXPECT_TRUE(v.is_open("weights"));
  EXPECT_FALSE(v.is_open("backprop"));
  EXPECT_FLOAT_EQ(v.ui_scale(), 1.25f);
  v.set_ui_scale(0.1f);
  EXPECT_FLOAT_EQ(v.ui_scale(), ViewState::kMinScale);
  v.set_presenter(true);                      // and presenter mode remembers its own
  EXPECT_TRUE(v.is_open("backprop"));
  EXPECT_FALSE(v.is_open("training"));
}

}  // namespace bpl
