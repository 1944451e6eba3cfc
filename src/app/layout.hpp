// Which layout the UI uses and which panels it shows: a pure computation on the ViewState and the
// viewport's width in CSS pixels (no ImGui), so the unit tests check it and window.lab reports it
// (lab.layout()).
//
//   desktop    the open panels in a grid (or their hand-made slots)
//   phone      below kPhoneMaxWidthCss (divided by the UI scale: 1280 at 200% is 640): one panel
//              at a time, full width, a picker to switch
//   presenter  presenter mode's one or two panels, large (whatever the width)
#pragma once
#include <string>
#include <vector>

#include "app/view_state.hpp"

namespace bpl {

enum class LayoutKind { Desktop, Phone, Presenter };

// Narrower than this (CSS px), the phone layout: a 390x844 phone, or a 844x390 phone held
// sideways (wider: desktop).
constexpr float kPhoneMaxWidthCss = 700.0f;

LayoutKind layout_kind(const ViewState& v, float viewport_css_width);
const char* layout_kind_name(LayoutKind k);   // "desktop", "phone", "presenter"

// The panel the phone layout shows: v.front when it is open, else the first open panel in
// `order` (the panels' registry order); "" when none is open.
std::string phone_panel(const ViewState& v, const std::vector<std::string>& order);

// The panels visible in layout `k`, in `order`.
std::vector<std::string> visible_panels(const ViewState& v, LayoutKind k, const std::vector<std::string>& order);

// Opening a panel does not move the ones already open (issue 17): true when `now` keeps every
// panel of `before` and adds at least one; `added` gets the new ones, in `now`'s order. False
// (a fresh layout) when a panel closed or nothing was added.
bool panels_added(const std::vector<std::string>& before, const std::vector<std::string>& now,
                  std::vector<std::string>* added);

}  // namespace bpl
