// The whole UI (AppUi: toolbar and panels) over an AppState with no digits loaded, on a headless
// Dear ImGui (sizes in ImGui pixels = CSS pixels: shared().scale is 1). Shared by the layout tests.
#pragma once
#include <gtest/gtest.h>

#include <memory>

#include "app/app_state.hpp"
#include "headless_imgui.hpp"
#include "imgui.h"
#include "ui/app_ui.hpp"

namespace bpl::ui::testing {

class AppUiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    shared().scale = 1.0f;
    ui_ = std::make_unique<AppUi>(app_);
  }
  void TearDown() override { ui_.reset(); }
  // n frames at a display of w x h.
  void frames(float w, float h, int n = 3) {
    ImGui::GetIO().DisplaySize = ImVec2(w, h);
    for (int i = 0; i < n; ++i) {
      ImGui::NewFrame();
      ui_->frame();
      ImGui::Render();
    }
  }

  HeadlessImGui imgui_;   // first member: made before, destroyed after the UI
  AppState app_;
  std::unique_ptr<AppUi> ui_;
};

}  // namespace bpl::ui::testing
