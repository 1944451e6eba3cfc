#include "app/layout.hpp"

namespace bpl {

LayoutKind layout_kind(const ViewState& v, float viewport_css_width) {
  if (v.presenter) return LayoutKind::Presenter;
  return viewport_css_width < kPhoneMaxWidthCss ? LayoutKind::Phone : LayoutKind::Desktop;
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

}  // namespace bpl
