// The item registry: every item Dear ImGui drew in the last frame (id, label, kind, panel,
// rectangle, state), recorded through ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE,
// src/platform/app.cmake) instead of by hand after each widget. window.lab reads it:
// lab.controls() lists the interactive items, lab.controlRect(name) looks one up by name.
//
// Names are stable and derived, never written by hand: "<panel>:<label>" where <panel> is the
// panel (Panel::name(), "toolbar" for the toolbar, whose items have no prefix) and <label> the
// item's label as a slug ("Run check" -> run_check, "##eps" -> eps, "Pause###play" -> play).
// Items of a popup get the popup's name ("##view" -> "view:network"), items of a combo's list
// the combo's name ("network:preset:notebook_..."). A repeated name gets "#2", "#3"... in draw
// order. Old names that differ from the derived ones live in one alias table (item_registry.cpp).
// ImGui's hooks give no label for a combo, an invisible or arrow button or an InputInt's field:
// those are named by their kind ("data:combo#2") unless the alias table names them (it matches
// by ID, so it also finds an item that was never in view). A clipped widget gives no label
// either: it keeps the one it had when last in view.
//
// The kind comes from what the hooks say (Checkable, Openable flags; a tab bar's tab; an
// input's flags; the slider's grab; a radio button's shape); widgets.cpp sets it where it makes
// a widget the hooks cannot tell apart (help markers, thumbnails, digit combos).
//
// Values: the hooks give none, so widgets.cpp's slider_*/input_*/combo wrappers record the value of
// the item they just drew (set_value: the number, its range and step, the text it shows; a combo's
// preview) and apply a value lab.setControl asked for (request_value, then take_value_request in
// the item's next frame: the wrapper writes it into the bound variable and reports an edit, so the
// panel's own code sends its usual intent).
#pragma once
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "imgui.h"

struct ImRect;   // imgui_internal.h

namespace bpl::ui {

enum class ItemKind {
  Button, Checkbox, Radio, Slider, Drag, Input, Combo, Tab, MenuItem, Menu, HelpMarker, Selectable,
  Header,   // a collapsing header or tree node
  Image,    // a clickable image (a digit thumbnail)
  Text,     // not interactive: only named explicitly (name_last_item), for controlRect
};
const char* item_kind_name(ItemKind k);   // "button", "checkbox", ..., "help marker", ...

// What a slider, drag, input field or combo shows, recorded by the widget's maker (set_value).
struct ItemValue {
  bool known = false;
  ItemKind kind = ItemKind::Input;   // the widget drawn: tells a clipped item's kind (no hook does)
  bool text_field = false;   // a text field: `text` is its value
  bool integer = false;      // whole numbers only
  bool log = false;          // a logarithmic slider (a step multiplies)
  bool read_only = false;
  double value = 0;
  double min = NAN, max = NAN;   // NaN: unbounded
  double step = 0;           // one arrow key's step (0: none given)
  std::string text;          // as shown: "12 steps/s", a text field's contents, a combo's preview
  bool bounded() const { return std::isfinite(min) && std::isfinite(max); }
};

struct Item {
  std::string name;     // unique in its frame (see above)
  std::string panel;    // the panel it belongs to ("toolbar" for the toolbar and its menus)
  std::string label;    // the label as given to ImGui (may hold "##...")
  ImGuiID id = 0;
  ItemKind kind = ItemKind::Button;
  ImVec4 rect;          // x, y, w, h: the whole item (ImGui coordinates)
  ImVec4 visible;       // the part not clipped by its window and scroll region (w = 0: hidden)
  ImGuiID window = 0;   // the window it was drawn in (reveal() scrolls it into view)
  bool disabled = false;
  bool checked = false;   // a checkbox/radio/menu item that is on, a selected tab/selectable
  bool open = false;      // an open header, menu or combo list
  ItemValue value;        // a slider's, drag's, input field's or combo's value (value.known)
  std::string help;       // its tooltip or "(?)" text (what hovering shows; the mirror's description)
  bool interactive() const { return kind != ItemKind::Text; }
  bool shown() const { return visible.z > 0 && visible.w > 0; }
};

class ItemRegistry {
 public:
  // The frame being drawn: hooks and widgets.cpp call these.
  void begin_frame();
  void on_item_add(ImGuiContext& g, const ImRect& bb, ImGuiID id);
  void on_item_info(ImGuiContext& g, ImGuiID id, const char* label, int status_flags);
  void set_last_kind(ItemKind k);                 // the item just drawn is a `k`
  void name_last_item(std::string_view name);     // an extra name for the item just drawn
  void describe_item(ImGuiID id, std::string_view help);   // its tooltip/help text (widgets.cpp)
  void end_frame(ImGuiContext& g);                // names, kinds and visibility: publishes the frame
  const char* debug_label(ImGuiID id) const;      // the label of an item of the frame being drawn
  // The value of item `id` of this frame (widgets.cpp, after drawing it); `label` names it when
  // the hooks gave it none (an InputInt's field).
  void set_value(ImGuiID id, ItemValue v, std::string_view label);
  // The value lab.setControl asked item `id` to take, once (the item's widget applies it).
  std::optional<std::string> take_value_request(ImGuiID id);

  // lab.setControl: asks the slider, drag or input field `name` (shown in the last frame) to take
  // `text` as its value in the next frame. "" or why not (nothing changes then): not such an item,
  // disabled or read-only, not a number, not whole, out of its range.
  std::string request_value(std::string_view name, std::string_view text);

  // The last complete frame.
  const std::vector<Item>& items() const { return items_; }
  // By name: a derived name, an extra name (name_last_item) or an alias of the table. Null if
  // the item was not drawn in the last frame.
  const Item* find(std::string_view name) const;
  long frame() const { return frame_; }

  struct Raw;   // what the hooks recorded (item_registry.cpp)
  struct Named { std::string name; Item item; };

 private:
  void settle_last();
  std::vector<Raw> raw_;
  struct PendingTab { ImGuiID id = 0; std::string label; bool selected = false; } pending_tab_;
  std::unordered_map<ImGuiID, std::pair<std::string, ItemKind>> known_;   // labels of items seen before
  std::vector<Named> named_raw_;
  std::vector<Item> items_;
  std::vector<Named> named_;
  long frame_ = 0;
  struct Request { ImGuiID id = 0; std::string text; long frame = -1; } request_;
};

ItemRegistry& item_registry();
// Installs the registry on a context: turns the hooks on and begins/ends its frames with
// NewFrame/EndFrame. Call once after ImGui::CreateContext().
void install_item_registry(ImGuiContext* ctx);

// Shorthands for widgets.cpp and panels.
inline void set_item_kind(ItemKind k) { item_registry().set_last_kind(k); }
inline void name_item(std::string_view name) { item_registry().name_last_item(name); }

// A name as a slug: lower-case ASCII letters and digits, other runs as one '_' ("Run check" ->
// "run_check"). The label slug of an ImGui label: its ###id, else its shown text, else its ##id.
std::string slug(std::string_view s);
std::string label_slug(std::string_view label);

}  // namespace bpl::ui
