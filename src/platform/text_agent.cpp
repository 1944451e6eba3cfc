// The C++ half of the text agent (see text_agent.hpp; the page's half is web/text_agent.js).
#include "platform/text_agent.hpp"

#include <emscripten.h>

#include <GLFW/glfw3.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"   // the active item and its text state
#include "ui/item_registry.hpp"

namespace {

// What web/text_agent.js queued since the last frame: typed text as UTF-8, each editing key as
// one private-use character U+E000 + its index in kKeys (the same table as the script's).
EM_JS(char*, bpl_text_agent_take, (), {
  var a = window['labTextAgent'];   // quoted names: see main_web.cpp (Closure Compiler)
  var s = a ? a['take']() : '';
  if (!s) return 0;
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// Tells the page which field is being edited (rectangle in CSS pixels), or that none is.
EM_JS(void, bpl_text_agent_show, (int active, double x, double y, double w, double h, int numeric), {
  var a = window['labTextAgent'];
  if (a) a['update'](!!active, x, y, w, h, !!numeric);
});

constexpr int kKeys[] = {0,                 GLFW_KEY_ENTER, GLFW_KEY_ESCAPE, GLFW_KEY_BACKSPACE,
                         GLFW_KEY_DELETE,   GLFW_KEY_LEFT,  GLFW_KEY_RIGHT,  GLFW_KEY_HOME,
                         GLFW_KEY_END,      GLFW_KEY_TAB};
constexpr unsigned kKeyBase = 0xE000;
constexpr int kKeyCount = static_cast<int>(sizeof kKeys / sizeof kKeys[0]);

struct Agent {
  std::u32string pending;   // relayed input not given to ImGui yet (keys take a frame each)
  int key_down = 0;         // GLFW key held down for the last frame (released now)
  bool ctrl_forced = false; // io.KeyCtrl set for a finger's press on a slider (restored now)
  bool ctrl_saved = false;
  bool shown = false;
  float x = 0, y = 0, w = 0, h = 0;
  bool numeric = false;
};
Agent agent;

void append_utf8(std::u32string& out, const char* s) {
  const char* end = s + std::strlen(s);
  while (s < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, s, end);
    if (n <= 0) break;
    s += n;
    out.push_back(static_cast<char32_t>(c));
  }
}

// Gives ImGui the queued characters up to the next key, then that key (pressed for one frame);
// a key pressed last frame is released first, and the next key waits for the frame after.
void relay(ImGuiIO& io) {
  if (agent.key_down) {
    io.KeysDown[agent.key_down] = false;
    agent.key_down = 0;
    return;   // ImGui sees a press only after a frame with the key up
  }
  std::size_t i = 0;
  for (; i < agent.pending.size(); ++i) {
    const char32_t c = agent.pending[i];
    if (c >= kKeyBase && c < kKeyBase + kKeyCount) {
      const int key = kKeys[c - kKeyBase];
      if (key) {
        io.KeysDown[key] = true;
        agent.key_down = key;
      }
      ++i;
      break;
    }
    io.AddInputCharacter(static_cast<unsigned int>(c));
  }
  agent.pending.erase(0, i);
}

// The registry's item with ImGui id `id` in the last frame, or null.
const bpl::ui::Item* item_by_id(ImGuiID id) {
  for (const bpl::ui::Item& it : bpl::ui::item_registry().items())
    if (it.id == id) return &it;
  return nullptr;
}

bool contains(const ImVec4& r, const ImVec2& p) {
  return r.z > 0 && r.w > 0 && p.x >= r.x && p.y >= r.y && p.x < r.x + r.z && p.y < r.y + r.w;
}

// A finger going down on a slider or a drag field opens it for typing (ImGui's Ctrl-click).
void type_into_slider_under(ImGuiIO& io) {
  for (const bpl::ui::Item& it : bpl::ui::item_registry().items()) {
    if ((it.kind != bpl::ui::ItemKind::Slider && it.kind != bpl::ui::ItemKind::Drag) || it.disabled) continue;
    if (!contains(it.visible, io.MousePos)) continue;
    agent.ctrl_saved = io.KeyCtrl;
    agent.ctrl_forced = true;
    io.KeyCtrl = true;
    return;
  }
}

// Whether `s` is a number as a whole (empty counts): a numeric field's text.
bool is_number(const char* s) {
  if (!*s) return true;
  char* end = nullptr;
  std::strtod(s, &end);
  return end && *end == '\0';
}

}  // namespace

namespace bpl::web {

void text_agent_before_frame(ImGuiIO& io, bool touch_press) {
  if (agent.ctrl_forced) {
    io.KeyCtrl = agent.ctrl_saved;
    agent.ctrl_forced = false;
  }
  if (char* s = bpl_text_agent_take()) {
    append_utf8(agent.pending, s);
    std::free(s);
  }
  relay(io);
  if (touch_press) type_into_slider_under(io);
}

void text_agent_after_frame(double css_per_px) {
  ImGuiContext& c = *ImGui::GetCurrentContext();
  const bool editing = c.IO.WantTextInput && c.ActiveId != 0 && c.InputTextState.ID == c.ActiveId;
  if (!editing) {
    if (agent.shown) bpl_text_agent_show(0, 0, 0, 0, 0, 0);
    agent.shown = false;
    agent.pending.clear();
    return;
  }
  ImVec4 r(0, 0, 0, 0);
  if (const ui::Item* it = item_by_id(c.ActiveId)) r = it->visible.z > 0 ? it->visible : it->rect;
  // A number field (InputFloat/Int, a slider or drag being typed into) started with a number.
  const ImGuiInputTextState& st = c.InputTextState;
  const bool numeric = c.TempInputId == c.ActiveId || (st.InitialTextA.Size > 0 && is_number(st.InitialTextA.Data));
  if (agent.shown && r.x == agent.x && r.y == agent.y && r.z == agent.w && r.w == agent.h && numeric == agent.numeric)
    return;
  agent.shown = true;
  agent.x = r.x, agent.y = r.y, agent.w = r.z, agent.h = r.w;
  agent.numeric = numeric;
  bpl_text_agent_show(1, r.x * css_per_px, r.y * css_per_px, r.z * css_per_px, r.w * css_per_px, numeric ? 1 : 0);
}

}  // namespace bpl::web
