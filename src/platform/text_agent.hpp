// The text agent (browser build only): a real, focused DOM <input> (web/text_agent.js) that
// stands in for the ImGui text or number field being edited, so that a touch screen shows its
// on-screen keyboard (inputmode "decimal" for numbers, "text" otherwise) and what is typed there
// reaches ImGui. main_web.cpp calls text_agent_before_frame() just before ImGui::NewFrame() and
// text_agent_after_frame() after ImGui::Render().
//
// Keys typed into the agent never reach GLFW (web/dom_keys.js keeps keys in HTML controls away
// from the app): the agent relays them, text as characters and the editing keys (Enter, Escape,
// Backspace, Delete, the arrows, Home, End, Tab) as key presses, so each key reaches ImGui once.
// The agent is focused only after a finger or pen put a field into edit mode; a field clicked
// with the mouse (or reached with Tab) is typed into through GLFW as before.
//
// A finger that goes down on a slider or a drag field opens it for typing instead of
// dragging it (Ctrl-click in ImGui's terms): a finger cannot set a log slider finely.
#pragma once

struct ImGuiIO;

namespace bpl::web {

// `touch_press`: this frame is the first one a finger is down (io.MousePos is where).
void text_agent_before_frame(ImGuiIO& io, bool touch_press);
// `css_per_px`: CSS pixels per ImGui (framebuffer) pixel.
void text_agent_after_frame(double css_per_px);

}  // namespace bpl::web
