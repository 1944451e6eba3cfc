// Which panels are open, presenter mode and the UI scale: part of the app state (not of ImGui),
// so that the automation API and shared links can read and restore them. Panels are named by
// their stable ids (ui::Panel::name()); the UI fills in the defaults on its first frame.
//
// Presenter mode keeps its own, shorter list of panels (one or two, maximized) and its own,
// larger scale, so that leaving it brings back the working layout untouched.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace bpl {

struct ViewState {
  static constexpr float kMinScale = 0.75f, kMaxScale = 2.0f;

  std::vector<std::string> open;                              // the working layout's panels
  std::vector<std::string> presented = {"training", "sketch"};// presenter mode's panels
  bool presenter = false;
  std::string front;               // the panel the phone layout shows (app/layout.hpp); "" or closed: the first open
  float scale = 1.0f;              // UI scale on top of the device pixel ratio
  float presenter_scale = 1.5f;
  bool reduced_motion = false;     // the system asks for less motion (prefers-reduced-motion): no autoplay
  bool initialized = false;        // false until the UI has applied the panels' defaults
  unsigned long long version = 0;  // bumped on every change (the layout keys on it)

  // The panels shown now (presenter mode's list while it is on).
  const std::vector<std::string>& shown() const { return presenter ? presented : open; }
  bool is_open(std::string_view id) const {
    const std::vector<std::string>& v = shown();
    return std::find(v.begin(), v.end(), id) != v.end();
  }
  // Opens or closes a panel in the list shown now.
  void set_open(std::string_view id, bool on) {
    if (on == is_open(id)) return;
    std::vector<std::string>& v = presenter ? presented : open;
    if (on)
      v.emplace_back(id);
    else
      v.erase(std::find(v.begin(), v.end(), id));
    ++version;
  }
  // Opens a panel and makes it the one the phone layout shows (the picker, "Show me", Lessons).
  // The choice alone does not bump `version`: the desktop layout ignores it (and must not put
  // moved panels back for it); the phone layout keys on `front` itself.
  void bring_to_front(std::string_view id) {
    set_open(id, true);
    front = std::string(id);
  }
  void set_presenter(bool on) {
    if (on == presenter) return;
    presenter = on;
    ++version;
  }
  // The UI scale in use now, and setting it (clamped to 75%..200%).
  float ui_scale() const { return presenter ? presenter_scale : scale; }
  void set_ui_scale(float s) {
    s = std::clamp(s, kMinScale, kMaxScale);
    float& target = presenter ? presenter_scale : scale;
    if (s == target) return;
    target = s;
    ++version;
  }
};

}  // namespace bpl
