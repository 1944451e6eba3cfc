// A Dear ImGui context with no window and no renderer, for the UI tests: the item registry's
// hooks installed, no .ini file, 60 frames a second, the font atlas built. NewFrame/Render run
// the same code as in the page.
#pragma once
#include <gtest/gtest.h>

#include "imgui.h"
#include "ui/item_registry.hpp"

namespace bpl::ui::testing {

class HeadlessImGui {
 public:
  explicit HeadlessImGui(ImVec2 display = ImVec2(800, 600)) : ctx_(ImGui::CreateContext()) {
    install_item_registry(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(ctx_); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

 private:
  ImGuiContext* ctx_;
};

// The registry's item `name` of the last frame; a blank item (and a test failure) if there is none.
inline const Item& registry_item(const char* name) {
  const Item* it = item_registry().find(name);
  if (!it) ADD_FAILURE() << "no item " << name;
  static const Item none;
  return it ? *it : none;
}

}  // namespace bpl::ui::testing
