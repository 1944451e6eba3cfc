// A small line-plot widget drawn with ImDrawList (no ImPlot): axes with "nice" ticks and
// labels, a clickable legend, optional log-scale y, and a hover readout (vertical cursor, a dot
// on each curve, a tooltip with the exact values). Long series are decimated per pixel column
// (min/max kept) so a 100,000-point history draws as a few thousand vertices (WebGL draw lists
// hold at most 65,536 vertices).
#pragma once
#include <cmath>
#include <limits>
#include <vector>

#include "imgui.h"

namespace bpl::ui {

struct PlotSeries {
  const char* label = "";
  ImU32 color = IM_COL32(0, 0, 0, 255);
  const std::vector<double>* y = nullptr;  // one value per x; NaN/inf values are skipped
  bool* visible = nullptr;                 // optional: the legend entry toggles it
  bool dashed = false;
  const char* note = nullptr;              // optional text after the legend label (e.g. the last value)
  const std::vector<double>* x = nullptr;  // optional: this series' own x values (else the plot's xs);
                                           // lets runs with different x points share a plot
};

struct PlotOptions {
  const char* title = nullptr;             // drawn at the top left (also the y-axis meaning)
  const char* title_help = nullptr;        // tooltip of the title
  const char* x_label = nullptr;           // drawn under the x axis
  const char* y_format = "%.4g";           // hover readout of a value
  const char* y_suffix = "";               // appended to y tick labels and readouts (e.g. "%")
  const char* x_format = "%.0f";           // hover readout of x
  const char* x_name = "x";                // hover readout heading, e.g. "iteration"
  bool log_y = false;
  bool x_integer = false;                  // x counts things: ticks at whole numbers only
  double y_min = std::numeric_limits<double>::quiet_NaN();  // fixed limits (NaN: fit the data)
  double y_max = std::numeric_limits<double>::quiet_NaN();
  double y_clamp_lo = -std::numeric_limits<double>::infinity();  // fitted limits never go beyond
  double y_clamp_hi = std::numeric_limits<double>::infinity();
  double fit_from_x = -std::numeric_limits<double>::infinity();  // fit y to points with x >= this
  const char* empty_text = nullptr;        // shown in the plot while it has fewer than 2 points
  float height = 0;                        // total height; 0: the rest of the content region
  // A vertical marker (e.g. where training diverged), NaN: none. The x range grows to show it.
  double marker_x = std::numeric_limits<double>::quiet_NaN();
  const char* marker_label = nullptr;      // drawn next to the marker line, red
};

struct PlotResult {
  bool hovered = false;
  int hover_index = -1;                    // index of the point under the mouse cursor
};

// Draws the plot at the cursor, full content width. xs must be the same length as every series
// that has no x values of its own (xs may be empty when every series has them).
// `cursor_index` (>= 0) draws a vertical cursor at that point even when this plot is not
// hovered (used to link the cursors of two plots).
PlotResult line_plot(const char* id, const std::vector<double>& xs, const std::vector<PlotSeries>& series,
                     const PlotOptions& opt, int cursor_index = -1);

// "Nice" ticks (1, 2, 5 x 10^k) covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);
// Formats a tick value with no more digits than the tick step needs; thousands as "12k" from
// 10,000 on (from 1,000 on when use_k, so that one axis is consistent).
void format_tick(char* buf, int n, double v, double step, const char* suffix = "", bool use_k = false);
// 1234567 -> "1,234,567"
void format_thousands(char* buf, int n, long long v);

}  // namespace bpl::ui
