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
