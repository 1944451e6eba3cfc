#include "app/layout.hpp"

#include <algorithm>

namespace bpl {

LayoutKind layout_kind(const ViewState& v, float viewport_css_width) {
  if (v.presenter) return LayoutKind::Presenter;
  // At a larger UI scale the panels need as much more room as browser zoom gives them: 1280 CSS px
  // at 200% is laid out like 640 at 100% (WCAG 1.4.10 reflow either way).
  const float width_at_100 = viewport_css_width / std::max(v.ui_scale(), 0.5f);
  return width_at_100 < kPhoneMaxWidthCss ? LayoutKind::Phone : LayoutKind::Desktop;
}

const char* layout_kind_name(LayoutKind k) {
  switch (k) {
    case LayoutKind::Phone: return "phone";
    case LayoutKind::Presenter: return "presenter";
    case LayoutKind::Desktop: break;
  }
  return "desktop";
}

std::string phone_panel(const ViewState& v, const std::vector<std::string>& order) {
  if (!v.front.empty() && v.is_open(v.front)) return v.front;
  for (const std::string& id : order)
    if (v.is_open(id)) return id;
  return {};
}

std::vector<std::string> visible_panels(const ViewState& v, LayoutKind k, const std::vector<std::string>& order) {
  if (k == LayoutKind::Phone) {
    std::string one = phone_panel(v, order);
    if (one.empty()) return {};
    return {std::move(one)};
  }
  std::vector<std::string> out;
  for (const std::string& id : order)
    if (v.is_open(id)) out.push_back(id);
  return out;
}

bool panels_added(const std::vector<std::string>& before, const std::vector<std::string>& now,
                  std::vector<std::string>* added) {
  const auto has = [](const std::vector<std::string>& v, const std::string& id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  for (const std::string& id : before)
    if (!has(now, id)) return false;
  std::vector<std::string> out;
  for (const std::string& id : now)
    if (!has(before, id)) out.push_back(id);
  if (out.empty()) return false;
  if (added) *added = std::move(out);
  return true;
}

}  // namespace bpl
