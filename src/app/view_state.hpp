// Which panels are open: part of the app state (not of ImGui), so that the automation API and,
// later, a shared link can read and restore it. Panels are named by their stable ids
// (ui::Panel::name()); the UI fills in the defaults on its first frame.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace bpl {

struct ViewState {
  std::vector<std::string> open;   // ids of the open panels, in no particular order
  bool initialized = false;        // false until the UI has applied the panels' defaults
  unsigned long long version = 0;  // bumped on every change (the layout keys on it)

  bool is_open(std::string_view id) const { return std::find(open.begin(), open.end(), id) != open.end(); }
  void set_open(std::string_view id, bool on) {
    if (on == is_open(id)) return;
    if (on)
      open.emplace_back(id);
    else
      open.erase(std::find(open.begin(), open.end(), id));
    ++version;
  }
};

}  // namespace bpl
