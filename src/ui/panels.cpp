// The registry: every panel of the app, in layout order (row by row). Adding a panel = one new
// file src/ui/panel_<id>.cpp defining `std::unique_ptr<Panel> make_<id>_panel()` in bpl::ui,
// plus one X(<id>) line below. Its Panel::slot() decides where it sits.
#include "ui/panel.hpp"

#define BPL_PANELS(X) \
  X(network)          \
  X(training)         \
  X(sketch)           \
  X(data)             \
  X(weights)          \
  X(decision)         \
  X(lessons)          \
  X(gradcheck)        \
  X(knn)              \
  X(map)              \
  X(sweep)            \
  X(race)             \
  X(backprop)

namespace bpl::ui {

#define BPL_DECLARE_PANEL(id) std::unique_ptr<Panel> make_##id##_panel();
BPL_PANELS(BPL_DECLARE_PANEL)
#undef BPL_DECLARE_PANEL

std::vector<std::unique_ptr<Panel>> make_panels() {
  std::vector<std::unique_ptr<Panel>> panels;
#define BPL_ADD_PANEL(id) \
  if (auto p = make_##id##_panel()) panels.push_back(std::move(p));
  BPL_PANELS(BPL_ADD_PANEL)
#undef BPL_ADD_PANEL
  return panels;
}

}  // namespace bpl::ui
