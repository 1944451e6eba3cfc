#include "ui/plot.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>

namespace bpl::ui {
namespace {

bool usable(double v, bool log_y) { return std::isfinite(v) && (!log_y || v > 0); }

// Appends a line from a to b as dashes (on/off lengths `dash`), continuing the pattern `phase`.
void dashed_segment(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thick, float dash, float* phase) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  float t = 0;
  while (t < len) {
    const float period_pos = std::fmod(*phase + t, 2 * dash);
    const bool on = period_pos < dash;
    const float run = std::min(len - t, (on ? dash : 2 * dash) - period_pos);
    if (on) {
      const ImVec2 p(a.x + dx * t / len, a.y + dy * t / len);
      const ImVec2 q(a.x + dx * (t + run) / len, a.y + dy * (t + run) / len);
      dl->AddLine(p, q, col, thick);
    }
    t += std::max(run, 0.01f);
  }
  *phase += len;
}

void draw_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 col, float thick, bool dashed, float dash) {
  if (pts.empty()) return;
  if (pts.size() == 1) {
    dl->AddCircleFilled(pts[0], thick * 1.2f, col);
    return;
  }
  if (!dashed) {
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, thick);
    return;
  }
  float phase = 0;
  for (std::size_t i = 1; i < pts.size(); ++i) dashed_segment(dl, pts[i - 1], pts[i], col, thick, dash, &phase);
}

// Log-scale ticks between 10^lo and 10^hi (lo, hi in decades): 1-2-5 or 1..9 mantissas as room allows.
std::vector<double> log_ticks(double lo, double hi, int target) {
  static const double m1[] = {1};
  static const double m125[] = {1, 2, 5};
  static const double m19[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const struct {
    const double* m;
    int n;
  } sets[] = {{m19, 9}, {m125, 3}, {m1, 1}};
  std::vector<double> best;
  const double vlo = std::pow(10.0, lo) * (1 - 1e-9), vhi = std::pow(10.0, hi) * (1 + 1e-9);
  const int e0 = static_cast<int>(std::floor(lo)), e1 = static_cast<int>(std::ceil(hi));
  for (const auto& s : sets) {
    std::vector<double> t;
    for (int e = e0; e <= e1; ++e)
      for (int k = 0; k < s.n; ++k) {
        const double v = s.m[k] * std::pow(10.0, e);
        if (v >= vlo && v <= vhi) t.push_back(v);
      }
    best = t;
    if (static_cast<int>(t.size()) <= target + 1) break;
  }
  if (best.size() > static_cast<std::size_t>(target + 1)) {  // many decades: every k-th decade
    const int stride = static_cast<int>(std::ceil(double(best.size()) / std::max(1, target)));
    std::vector<double> t;
    for (std::size_t i = 0; i < best.size(); i += static_cast<std::size_t>(stride)) t.push_back(best[i]);
    best = t;
  }
  if (best.size() < 2) best = nice_ticks(std::pow(10.0, lo), std::pow(10.0, hi), target);
  return best;
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> t;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return t;
  target = std::max(target, 2);
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  const double step = (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (int i = 0; i < 1000; ++i) {
    const double v = first + i * step;
    if (v > hi + step * 1e-9) break;
    t.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
  }
  return t;
}

void format_tick(char* buf, int n, double v, double step, const char* suffix, bool use_k) {
  if (!(step > 0) || !std::isfinite(step)) {
    std::snprintf(buf, static_cast<std::size_t>(n), "%g%s", v, suffix);
    return;
  }
  if ((std::fabs(v) >= 10000 || (std::fabs(v) >= 1000 && use_k)) && step >= 1000) {
    const int dec = std::clamp(static_cast<int>(-std::floor(std::log10(step / 1000) + 1e-9)), 0, 3);
    std::snprintf(buf, static_cast<std::size_t>(n), "%.*fk%s", dec, v / 1000, suffix);
    return;
  }
  const int dec = std::clamp(static_cast<int>(-std::floor(std::log10(step) + 1e-9)), 0, 8);
  std::snprintf(buf, static_cast<std::size_t>(n), "%.*f%s", dec, v, suffix);
}

void format_thousands(char* buf, int n, long long v) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
  std::string out;
  const int len = static_cast<int>(std::strlen(digits));
  for (int i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  std::snprintf(buf, static_cast<std::size_t>(n), "%s%s", v < 0 ? "-" : "", out.c_str());
}

PlotResult line_plot(const char* id, const std::vector<double>& xs, const std::vector<PlotSeries>& series,
                     const PlotOptions& opt, int cursor_index) {
  PlotResult res;
  const float F = ImGui::GetFontSize();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = std::max(ImGui::GetContentRegionAvail().x, 10 * F);
  float height = opt.height > 0 ? opt.height : ImGui::GetContentRegionAvail().y;
  height = std::max(height, 7 * F);

  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const ImU32 col_text = ImGui::GetColorU32(ImGuiCol_Text);
  const ImU32 col_dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const ImU32 col_grid = ImGui::GetColorU32(ImGuiCol_Text, 0.10f);
  const ImU32 col_axis = ImGui::GetColorU32(ImGuiCol_Text, 0.55f);
  const ImU32 col_bg = ImGui::GetColorU32(ImGuiCol_FrameBg, 0.45f);

  const int n = static_cast<int>(xs.size());
  auto is_visible = [](const PlotSeries& s) { return s.y != nullptr && (s.visible == nullptr || *s.visible); };

  // ---- data ranges
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (int i = 0; i < n; ++i)
    if (std::isfinite(xs[static_cast<std::size_t>(i)])) {
      xmin = std::min(xmin, xs[static_cast<std::size_t>(i)]);
      xmax = std::max(xmax, xs[static_cast<std::size_t>(i)]);
    }
  for (const PlotSeries& s : series) {
    if (!is_visible(s)) continue;
    const int m = std::min(n, static_cast<int>(s.y->size()));
    for (int i = 0; i < m; ++i) {
      const double v = (*s.y)[static_cast<std::size_t>(i)];
      if (!usable(v, opt.log_y) || !(xs[static_cast<std::size_t>(i)] >= opt.fit_from_x)) continue;
      ymin = std::min(ymin, v);
      ymax = std::max(ymax, v);
    }
  }
  if (std::isfinite(opt.marker_x) && xmax >= xmin) {
    xmin = std::min(xmin, opt.marker_x);
    xmax = std::max(xmax, opt.marker_x);
  }
  if (!(xmax >= xmin)) xmin = 0, xmax = 1;
  if (xmax - xmin < 1e-12) xmax = xmin + 1;
  // Transformed y (log10 when log_y).
  auto ty = [&](double v) { return opt.log_y ? std::log10(v) : v; };
  double tlo, thi;
  if (!(ymax >= ymin)) {
    tlo = opt.log_y ? -1 : 0;
    thi = opt.log_y ? 0 : 1;
  } else {
    tlo = ty(ymin);
    thi = ty(ymax);
    double span = thi - tlo;
    if (span < 1e-9) span = opt.log_y ? 0.5 : std::max(std::fabs(thi) * 0.1, 1e-3);
    tlo -= 0.06 * span;
    thi += 0.06 * span;
    if (!opt.log_y) {
      tlo = std::max(tlo, opt.y_clamp_lo);
      thi = std::min(thi, opt.y_clamp_hi);
    } else {
      if (opt.y_clamp_lo > 0) tlo = std::max(tlo, std::log10(opt.y_clamp_lo));
      if (opt.y_clamp_hi > 0 && std::isfinite(opt.y_clamp_hi)) thi = std::min(thi, std::log10(opt.y_clamp_hi));
    }
  }
  if (std::isfinite(opt.y_min) && (!opt.log_y || opt.y_min > 0)) tlo = ty(opt.y_min);
  if (std::isfinite(opt.y_max) && (!opt.log_y || opt.y_max > 0)) thi = ty(opt.y_max);
  if (!(thi > tlo)) thi = tlo + 1;

  // ---- layout: header (title + legend), y tick labels on the left, x ticks (+ label) below
  const float header_h = F + style.ItemSpacing.y;
  const float bottom_h = F * (opt.x_label ? 2.3f : 1.3f);
  const float plot_h = std::max(height - header_h - bottom_h, 2 * F);
  const int y_target = std::max(2, static_cast<int>(plot_h / (1.8f * F)));
  std::vector<double> yt = opt.log_y ? log_ticks(tlo, thi, y_target) : nice_ticks(tlo, thi, y_target);
  const double ystep = yt.size() >= 2 ? std::fabs(yt[1] - yt[0]) : (thi - tlo);
  std::vector<std::string> ylabels;
  float ylab_w = ImGui::CalcTextSize("0").x;
  for (double v : yt) {
    char buf[48];
    if (opt.log_y && (v < 1e-3 || v >= 1e5)) {  // 1e-4, 1e-8 rather than 0.0001, 1e-08
      char e[32];
      std::snprintf(e, sizeof e, "%.0e", v);
      std::string t(e);
      const std::size_t k = t.find('e');
      if (k != std::string::npos) {
        std::string ex = t.substr(k + 1);
        const bool neg = !ex.empty() && ex[0] == '-';
        if (!ex.empty() && (ex[0] == '-' || ex[0] == '+')) ex = ex.substr(1);
        while (ex.size() > 1 && ex[0] == '0') ex = ex.substr(1);
        t = t.substr(0, k + 1) + (neg ? "-" : "") + ex;
      }
      std::snprintf(buf, sizeof buf, "%s%s", t.c_str(), opt.y_suffix);
    } else if (opt.log_y)
      std::snprintf(buf, sizeof buf, "%g%s", v, opt.y_suffix);
    else
      format_tick(buf, sizeof buf, v, ystep, opt.y_suffix);
    ylabels.emplace_back(buf);
    ylab_w = std::max(ylab_w, ImGui::CalcTextSize(buf).x);
  }
  const ImVec2 a(p0.x + ylab_w + 0.6f * F, p0.y + header_h);             // plot area top-left
  const ImVec2 b(p0.x + width - 0.6f * F, p0.y + header_h + plot_h);     // bottom-right
  const float pw = b.x - a.x, ph = b.y - a.y;
  auto sx = [&](double x) { return static_cast<float>(a.x + (x - xmin) / (xmax - xmin) * pw); };
  auto sy_t = [&](double t) { return static_cast<float>(b.y - (t - tlo) / (thi - tlo) * ph); };
  auto sy = [&](double v) { return sy_t(ty(v)); };

  // ---- header
  if (opt.title) {
    dl->AddText(p0, col_text, opt.title);
    const ImVec2 ts = ImGui::CalcTextSize(opt.title);
    if (opt.title_help && hovered && ImGui::IsMouseHoveringRect(p0, ImVec2(p0.x + ts.x, p0.y + ts.y)))
      ImGui::SetTooltip("%s", opt.title_help);
  }
  {
    float x = p0.x + width;
    const float swatch = 1.4f * F;
    for (int k = static_cast<int>(series.size()) - 1; k >= 0; --k) {
      const PlotSeries& s = series[static_cast<std::size_t>(k)];
      const bool vis = is_visible(s);
      const float tw = ImGui::CalcTextSize(s.label).x;
      const float nw = s.note ? ImGui::CalcTextSize(s.note).x + 0.3f * F : 0.0f;
      x -= tw + nw;
      const ImVec2 lab(x, p0.y);
      x -= swatch + 0.3f * F;
      const ImVec2 sw0(x, p0.y + 0.5f * F), sw1(x + swatch, p0.y + 0.5f * F);
      const ImU32 c = vis ? s.color : col_dim;
      if (s.dashed) {
        float phase = 0;
        dashed_segment(dl, sw0, sw1, c, 2.0f, 0.3f * F, &phase);
      } else {
        dl->AddLine(sw0, sw1, c, 2.0f);
      }
      dl->AddText(lab, vis ? col_text : col_dim, s.label);
      if (s.note) dl->AddText(ImVec2(lab.x + tw + 0.3f * F, lab.y), col_dim, s.note);
      const ImVec2 r0(x, p0.y), r1(lab.x + tw + nw, p0.y + F);
      if (s.visible && hovered && ImGui::IsMouseHoveringRect(r0, r1)) {
        dl->AddRect(ImVec2(r0.x - 2, r0.y - 1), ImVec2(r1.x + 2, r1.y + 1), col_axis);
        ImGui::SetTooltip("Click to %s \"%s\"", vis ? "hide" : "show", s.label);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) *s.visible = !*s.visible;
      }
      x -= 1.0f * F;
    }
  }

  // ---- axes, grid, ticks
  dl->AddRectFilled(a, b, col_bg);
  for (std::size_t i = 0; i < yt.size(); ++i) {
    const float y = sy(yt[i]);
    if (y < a.y - 1 || y > b.y + 1) continue;
    dl->AddLine(ImVec2(a.x, y), ImVec2(b.x, y), col_grid);
    dl->AddLine(ImVec2(a.x - 0.25f * F, y), ImVec2(a.x, y), col_axis);
    const ImVec2 ts = ImGui::CalcTextSize(ylabels[i].c_str());
    dl->AddText(ImVec2(a.x - 0.35f * F - ts.x, y - ts.y * 0.5f), col_dim, ylabels[i].c_str());
  }
  {
    char probe[32];
    format_tick(probe, sizeof probe, xmax, (xmax - xmin) / 4);
    const float lab_w = ImGui::CalcTextSize(probe).x + 1.5f * F;
    const int x_target = std::max(2, static_cast<int>(pw / std::max(lab_w, 3.5f * F)));
    std::vector<double> xt = nice_ticks(xmin, xmax, x_target);
    if (opt.x_integer && xt.size() >= 2 && xt[1] - xt[0] < 1) {
      xt.clear();
      for (double v = std::ceil(xmin); v <= xmax; v += 1) xt.push_back(v);
    }
    const double xstep = xt.size() >= 2 ? xt[1] - xt[0] : (xmax - xmin);
    for (double v : xt) {
      const float x = sx(v);
      dl->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), col_grid);
      dl->AddLine(ImVec2(x, b.y), ImVec2(x, b.y + 0.25f * F), col_axis);
      char buf[32];
      format_tick(buf, sizeof buf, v, xstep, "", std::max(std::fabs(xmin), std::fabs(xmax)) >= 10000);
      const float tw = ImGui::CalcTextSize(buf).x;
      const float tx = std::clamp(x - tw * 0.5f, a.x - ylab_w, p0.x + width - tw);
      dl->AddText(ImVec2(tx, b.y + 0.3f * F), col_dim, buf);
    }
  }
  dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), col_axis);
  dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), col_axis);
  if (opt.x_label) {
    const float tw = ImGui::CalcTextSize(opt.x_label).x;
    dl->AddText(ImVec2(a.x + (pw - tw) * 0.5f, b.y + 1.25f * F), col_dim, opt.x_label);
  }

  if (opt.empty_text && n < 2) {
    const float wrap = pw - 2 * F;
    const ImVec2 ts = ImGui::CalcTextSize(opt.empty_text, nullptr, false, wrap);
    dl->AddText(ImGui::GetFont(), F, ImVec2(a.x + (pw - ts.x) * 0.5f, a.y + (ph - ts.y) * 0.5f), col_dim, opt.empty_text,
                nullptr, wrap);
  }

  // ---- curves (decimated per pixel column: first, min, max, last)
  dl->PushClipRect(a, ImVec2(b.x + 1, b.y + 1), true);
  const float thick = std::max(1.5f, 0.12f * F);
  std::vector<ImVec2> pts;
  for (const PlotSeries& s : series) {
    if (!is_visible(s)) continue;
    const int m = std::min(n, static_cast<int>(s.y->size()));
    pts.clear();
    int col = INT_MIN;
    float first = 0, last = 0, lo = 0, hi = 0, colx = 0;
    int count = 0;
    auto flush = [&]() {
      if (count == 0) return;
      if (count == 1 || hi - lo < 0.5f) {
        pts.emplace_back(colx, last);
      } else {  // the column's extent, visited in the curve's direction (2 vertices per column)
        const bool down = last > first;
        pts.emplace_back(colx, down ? lo : hi);
        pts.emplace_back(colx, down ? hi : lo);
      }
      count = 0;
    };
    for (int i = 0; i < m; ++i) {
      const double x = xs[static_cast<std::size_t>(i)], v = (*s.y)[static_cast<std::size_t>(i)];
      if (!std::isfinite(x) || !usable(v, opt.log_y)) {  // a gap
        flush();
        draw_polyline(dl, pts, s.color, thick, s.dashed, 0.35f * F);
        pts.clear();
        col = INT_MIN;
        continue;
      }
      const float px = sx(x);
      const float py = std::clamp(sy(v), a.y - 4 * F, b.y + 4 * F);
      const int c = static_cast<int>(std::floor(px));
      if (c != col) {
        flush();
        col = c;
        colx = px;
        first = last = lo = hi = py;
        count = 1;
      } else {
        last = py;
        lo = std::min(lo, py);
        hi = std::max(hi, py);
        ++count;
      }
    }
    flush();
    draw_polyline(dl, pts, s.color, thick, s.dashed, 0.35f * F);
  }
  dl->PopClipRect();

  // ---- marker (e.g. "diverged here"): a red vertical line with its label
  if (std::isfinite(opt.marker_x)) {
    const ImU32 red = IM_COL32(200, 40, 40, 255);
    const float mx = sx(opt.marker_x);
    dl->AddLine(ImVec2(mx, a.y), ImVec2(mx, b.y), red, 2.0f);
    if (opt.marker_label) {
      const ImVec2 ts = ImGui::CalcTextSize(opt.marker_label);
      const float lx = mx + 0.3f * F + ts.x > b.x ? mx - 0.3f * F - ts.x : mx + 0.3f * F;
      dl->AddText(ImVec2(lx, a.y + 0.2f * F), red, opt.marker_label);
    }
  }

  // ---- hover: nearest point by screen x, cursor line, dots, tooltip
  int hi_idx = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool in_plot = hovered && mouse.x >= a.x - 0.5f * F && mouse.x <= b.x + 0.5f * F && mouse.y >= a.y && mouse.y <= b.y;
  if (in_plot && n > 0) {
    float best = INFINITY;
    for (int i = 0; i < n; ++i) {
      const double x = xs[static_cast<std::size_t>(i)];
      if (!std::isfinite(x)) continue;
      const float d = std::fabs(sx(x) - mouse.x);
      if (d < best) best = d, hi_idx = i;  // first of equal distance: earliest point
    }
  } else if (cursor_index >= 0 && cursor_index < n) {
    hi_idx = cursor_index;
  }
  if (hi_idx >= 0) {
    const double x = xs[static_cast<std::size_t>(hi_idx)];
    const float cx = sx(x);
    dl->AddLine(ImVec2(cx, a.y), ImVec2(cx, b.y), col_axis, 1.0f);
    for (const PlotSeries& s : series) {
      if (!is_visible(s) || hi_idx >= static_cast<int>(s.y->size())) continue;
      const double v = (*s.y)[static_cast<std::size_t>(hi_idx)];
      if (!usable(v, opt.log_y)) continue;
      const float py = sy(v);
      if (py < a.y || py > b.y) continue;
      dl->AddCircleFilled(ImVec2(cx, py), 0.3f * F, s.color);
      dl->AddCircle(ImVec2(cx, py), 0.3f * F, ImGui::GetColorU32(ImGuiCol_WindowBg));
    }
  }
  if (in_plot && hi_idx >= 0) {
    res.hovered = true;
    res.hover_index = hi_idx;
    ImGui::BeginTooltip();
    char buf[64];
    std::snprintf(buf, sizeof buf, opt.x_format, xs[static_cast<std::size_t>(hi_idx)]);
    ImGui::Text("%s %s", opt.x_name, buf);
    for (const PlotSeries& s : series) {
      if (!is_visible(s) || hi_idx >= static_cast<int>(s.y->size())) continue;
      const double v = (*s.y)[static_cast<std::size_t>(hi_idx)];
      const ImVec2 c = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddLine(ImVec2(c.x, c.y + 0.5f * F), ImVec2(c.x + 1.2f * F, c.y + 0.5f * F), s.color, 2.5f);
      ImGui::Dummy(ImVec2(1.2f * F, F));
      ImGui::SameLine();
      if (std::isfinite(v)) {
        std::snprintf(buf, sizeof buf, opt.y_format, v);
        ImGui::Text("%s: %s%s", s.label, buf, opt.y_suffix);
      } else {
        ImGui::Text("%s: -", s.label);
      }
    }
    ImGui::EndTooltip();
  }
  res.hovered = in_plot;
  return res;
}

}  // namespace bpl::ui
