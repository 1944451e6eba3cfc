// The item registry (item_registry.hpp): Dear ImGui's test-engine hooks record every item of a
// frame; EndFrame names them, completes their kinds and clips them to what is visible.
#include "ui/item_registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "imgui_internal.h"

namespace bpl::ui {

// What a hook saw (raw: no name yet).
struct ItemRegistry::Raw {
  ImGuiID id = 0;
  ImGuiWindow* window = nullptr;
  ImRect rect;          // the item's rectangle (the frame of a labelled slider/input/combo)
  ImRect clip;          // the window's clip rectangle when the item was added
  ImGuiID seed = 0;     // the ID stack's top when it was added, and the one below it
  ImGuiID parent_seed = 0;
  bool has_info = false;
  bool kind_known = false;
  ItemKind kind = ItemKind::Button;
  std::string label;
  int status = 0;
  bool disabled = false;
  bool frame_height = false;   // as high as a frame (at the font it was drawn with)
  bool selected = false;       // a tab that is selected
  int owner = -1;       // for an item of a combo's list: the combo
  ItemValue value;      // set_value
  std::string help;     // describe_item
  // For an item the hooks give no label and no kind (combo, invisible or arrow button): its
  // draw list and the button colours of its style, to recognise a combo's arrow.
  ImDrawList* dl = nullptr;
  int vtx_begin = 0;
  ImU32 button_col[3] = {0, 0, 0};
};

namespace {

// Names the browser tests and the README use that differ from the derived ones: the name, the
// panel and the ImGui label of the item (its ID is checked against the label, so items the hooks
// give no label, such as combos, are found too). Add a row when a test needs a new name.
struct Alias {
  const char* name;
  const char* panel;
  const char* label;
};
constexpr Alias kAliases[] = {
    {"gradcheck:mistake", "gradcheck", "##mistake"},
    {"gradcheck:epsilon", "gradcheck", "##eps"},
    {"gradcheck:epsilon:default", "gradcheck", "1e-4"},
    {"gradcheck:lambda", "gradcheck", "\xCE\xBB on (*"},   // "λ on (0.01)": a prefix
    {"gradcheck:by_sample", "gradcheck", "random sample of"},
    {"gradcheck:by_layer", "gradcheck", "all of layer"},
    {"gradcheck:how", "gradcheck", "How the check works"},
    {"network:preset", "network", "##preset"},
    {"network:tab:model", "network", "Model"},
    {"network:tab:optimizer", "network", "Optimizer"},
    {"network:tab:augment", "network", "Augment"},
    {"network:tab:stopping", "network", "Stopping"},
    {"lessons:choose", "lessons", "##lesson"},
    {"lessons:start", "lessons", "Start the first lesson"},
    {"lessons:show", "lessons", "Show me"},
    {"lessons:reveal", "lessons", "Reveal the answer"},
    {"race:axis", "race", "x axis"},
    {"race:plot", "race", "##raceplot"},
    {"race:add", "race", "+ Optimizer"},
    {"race:start", "race", "Start race"},
    {"race:start", "race", "Restart"},
    {"race:pause", "race", "Resume"},
    {"race:kind%d", "race", "##kind"},   // %d: the runner, 0 first
    {"race:lineup", "race", "Line-up"},
    {"knn:measure", "knn", "Measure again"},
    {"knn:tab:cv", "knn", "Cross-validation"},
    {"knn:tab:input", "knn", "Current input"},
    {"knn:tab:compare", "knn", "Network vs kNN"},
    {"backprop:random", "backprop", "Random training image"},
    {"backprop:rerun", "backprop", "Re-run"},
    {"backprop:reset", "backprop", "\xE2\x86\xBA Reset###bpreset"},
    {"backprop:apply", "backprop", "Apply this update"},
    {"backprop:loss", "backprop", "J = *"},
    // Names that equal the derived ones, listed so that the ID finds them even before they were
    // ever in view (a clipped widget gives the hooks no label).
    {"gradcheck:run", "gradcheck", "Run"},
    {"gradcheck:cancel", "gradcheck", "Cancel"},
    {"knn:run", "knn", "\xE2\x96\xB6 Run"},
    {"knn:cancel", "knn", "Cancel"},
    {"sweep:run", "sweep", "\xE2\x96\xB6 Run"},
    {"sweep:cancel", "sweep", "Cancel"},
    {"sweep:fewer", "sweep", "\xE2\x88\x92##fewer"},
    {"sweep:more", "sweep", "+##more"},
    {"race:pause", "race", "Pause"},
    {"race:reset", "race", "Reset"},
    {"race:end", "race", "End"},
    {"backprop:back", "backprop", "\xE2\x86\x90 Back"},
    {"backprop:next", "backprop", "Next \xE2\x86\x92"},
    {"backprop:play", "backprop", "###play"},
    {"lessons:back", "lessons", "\xE2\x86\x90 Back"},
    {"lessons:next", "lessons", "Next \xE2\x86\x92"},
};

const char* const kKindNames[] = {"button",     "checkbox",  "radio",      "slider", "drag",  "input", "combo", "tab",
                                  "menu item",  "menu",      "help marker", "selectable", "header", "image", "text"};

// The panel an ImGui window belongs to: its top-level window's name ("Title###network" ->
// "network", "##toolbar" -> "toolbar").
std::string panel_of(const ImGuiWindow* w) {
  while (w->ParentWindow) w = w->ParentWindow;
  const char* n = w->Name;
  if (const char* p = std::strstr(n, "###")) return p + 3;
  return slug(n);
}

// The nearest popup the window is in (a menu, a combo's list), or null.
const ImGuiWindow* popup_of(const ImGuiWindow* w) {
  for (; w; w = w->ParentWindow)
    if (w->Flags & ImGuiWindowFlags_Popup) return w;
  return nullptr;
}

bool is_combo_popup(const ImGuiWindow* w) { return std::strncmp(w->Name, "##Combo_", 8) == 0; }

// Window decorations are items too: scroll bars, resize grips and borders, the title bar, the
// close and collapse buttons, a child window's frame. They are not the app's controls.
bool is_window_chrome(ImGuiWindow* w, ImGuiID id) {
  if (id == w->MoveId || id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_X) || id == ImGui::GetWindowScrollbarID(w, ImGuiAxis_Y))
    return true;
  for (int n = 0; n < 4; ++n)
    if (id == ImGui::GetWindowResizeCornerID(w, n) || id == ImGui::GetWindowResizeBorderID(w, static_cast<ImGuiDir>(n)))
      return true;
  if (id == ImGui::GetIDWithSeed("#CLOSE", nullptr, w->ID) || id == ImGui::GetIDWithSeed("#COLLAPSE", nullptr, w->ID))
    return true;
  for (int i = w->DC.ChildWindows.Size - 1; i >= 0; --i)   // a child window (EndChild adds it to its parent)
    if (w->DC.ChildWindows[i]->ChildId == id) return true;
  return false;
}

bool near(float a, float b) { return std::fabs(a - b) < 0.5f; }

// A radio button's shape: a frame-high circle, then its label.
bool radio_shape(const ImGuiContext& g, const ImRect& r, const char* label) {
  const ImVec2 t = ImGui::CalcTextSize(label, nullptr, true);
  const float sq = ImGui::GetFrameHeight();
  return near(r.GetWidth(), sq + (t.x > 0 ? g.Style.ItemInnerSpacing.x + t.x : 0.0f)) &&
         near(r.GetHeight(), t.y + 2.0f * g.Style.FramePadding.y);
}

// Whether any vertex drawn into dl since `from` has one of the colours.
bool drew_colour(const ImDrawList* dl, int from, const ImU32* cols, int n) {
  if (!dl) return false;
  for (int i = std::max(0, from); i < dl->VtxBuffer.Size; ++i)
    for (int k = 0; k < n; ++k)
      if (dl->VtxBuffer[i].col == cols[k]) return true;
  return false;
}

ImVec4 xywh(const ImRect& r) { return ImVec4(r.Min.x, r.Min.y, r.GetWidth(), r.GetHeight()); }

// A label ending in '*' matches every label that starts with the rest (a label with a number).
bool alias_matches(const Alias& a, const ItemRegistry::Raw& r, const std::string& panel) {
  if (panel != a.panel) return false;
  const std::string_view want(a.label);
  if (!want.empty() && want.back() == '*') return std::string_view(r.label).substr(0, want.size() - 1) == want.substr(0, want.size() - 1);
  return ImHashStr(a.label, 0, r.seed) == r.id;   // the ID tells, with or without a label from the hooks
}

// The alias's name; "%d" in it becomes how many items this alias named before in the frame.
std::string alias_name(const Alias& a, std::map<const Alias*, int>& count) {
  std::string n = a.name;
  const std::size_t p = n.find("%d");
  if (p != std::string::npos) n.replace(p, 2, std::to_string(count[&a]++));
  return n;
}

}  // namespace

const char* item_kind_name(ItemKind k) { return kKindNames[static_cast<int>(k)]; }

std::string slug(std::string_view s) {
  std::string out;
  bool gap = false;
  for (const char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += '_';
    gap = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

std::string label_slug(std::string_view label) {
  const std::size_t id3 = label.find("###");
  if (id3 != std::string_view::npos) return slug(label.substr(id3 + 3));
  const std::size_t id2 = label.find("##");
  const std::string shown = slug(label.substr(0, id2));
  if (!shown.empty() || id2 == std::string_view::npos) return shown;
  return slug(label.substr(id2 + 2));
}

void ItemRegistry::begin_frame() {
  raw_.clear();
  named_raw_.clear();
}

// The last item's drawing is complete: one the hooks gave no label (a combo, an invisible or
// arrow button) is a combo when it drew a frame-high button-coloured arrow box beside a preview.
void ItemRegistry::settle_last() {
  if (raw_.empty()) return;
  Raw& r = raw_.back();
  if (r.has_info || r.kind_known) return;
  r.kind_known = true;
  const float h = r.rect.GetHeight();
  if (drew_colour(r.dl, r.vtx_begin, r.button_col, 3) && r.frame_height && r.rect.GetWidth() > 1.5f * h)
    r.kind = ItemKind::Combo;
}

void ItemRegistry::on_item_add(ImGuiContext& g, const ImRect& bb, ImGuiID id) {
  ImGuiWindow* w = g.CurrentWindow;
  settle_last();
  if (!w || id == 0 || is_window_chrome(w, id)) return;
  Raw r;
  r.id = id;
  r.window = w;
  r.rect = bb;
  r.clip = w->ClipRect;
  r.seed = w->IDStack.Size > 0 ? w->IDStack.back() : 0;
  r.parent_seed = w->IDStack.Size > 1 ? w->IDStack[w->IDStack.Size - 2] : 0;
  r.frame_height = near(bb.GetHeight(), ImGui::GetFrameHeight());
  r.disabled = (g.CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
  r.dl = w->DrawList;
  r.vtx_begin = w->DrawList->VtxBuffer.Size;
  r.button_col[0] = ImGui::GetColorU32(ImGuiCol_Button);
  r.button_col[1] = ImGui::GetColorU32(ImGuiCol_ButtonHovered);
  r.button_col[2] = ImGui::GetColorU32(ImGuiCol_ButtonActive);
  if (const ImGuiWindow* pop = popup_of(w); pop && is_combo_popup(pop))
    for (int i = static_cast<int>(raw_.size()) - 1; i >= 0; --i)
      if (raw_[i].window == pop->ParentWindow) {
        r.owner = i;
        break;
      }
  if (pending_tab_.id == id) {
    r.kind = ItemKind::Tab;
    r.kind_known = r.has_info = true;
    r.label = pending_tab_.label;
    r.selected = pending_tab_.selected;
    pending_tab_ = {};
  }
  raw_.push_back(std::move(r));
}

void ItemRegistry::on_item_info(ImGuiContext& g, ImGuiID id, const char* label, int flags) {
  Raw* r = nullptr;
  for (auto it = raw_.rbegin(); it != raw_.rend() && it - raw_.rbegin() < 8; ++it)
    if (it->id == id) {
      r = &*it;
      break;
    }
  if (!r) {
    // A tab reports before it is added: keep what it said for its ItemAdd.
    if (g.CurrentTabBar && ImGui::TabBarFindTabByID(g.CurrentTabBar, id))
      pending_tab_ = {id, label ? label : "", g.CurrentTabBar->SelectedTabId == id};
    return;
  }
  const bool second = r->has_info;   // MenuItem and BeginMenu report after their Selectable
  r->has_info = true;
  r->status = flags;
  if (label && r->label.empty()) r->label = label;
  if (r->kind_known && !second) return;
  r->kind_known = true;
  if (flags & ImGuiItemStatusFlags_Openable) {
    r->kind = second ? ItemKind::Menu : ItemKind::Header;
    return;
  }
  if (flags & ImGuiItemStatusFlags_Checkable) {
    r->kind = second ? ItemKind::MenuItem : ItemKind::Checkbox;
    return;
  }
  if (second) return;
  const ImU32 grab[2] = {ImGui::GetColorU32(ImGuiCol_SliderGrab), ImGui::GetColorU32(ImGuiCol_SliderGrabActive)};
  if (radio_shape(g, r->rect, r->label.c_str()))
    r->kind = ItemKind::Radio;
  else if (drew_colour(r->dl, r->vtx_begin, grab, 2))
    r->kind = ItemKind::Slider;
  else if (g.LastItemData.InFlags & ImGuiItemFlags_Inputable)
    r->kind = ItemKind::Input;   // an input field (a drag, which the hooks cannot tell apart, is marked by its maker)
  else if (!near(r->rect.Max.x, r->window->DC.CursorPosPrevLine.x))
    r->kind = ItemKind::Selectable;   // its box spans past the size it declared
  else
    r->kind = ItemKind::Button;
}

void ItemRegistry::set_last_kind(ItemKind k) {
  const ImGuiID id = ImGui::GetItemID();
  for (auto it = raw_.rbegin(); it != raw_.rend(); ++it)
    if (it->id == id) {
      it->kind = k;
      it->kind_known = true;
      return;
    }
}

void ItemRegistry::describe_item(ImGuiID id, std::string_view help) {
  // The item just drawn, or one of the few before it (a field's tooltip follows its -/+ buttons).
  for (std::size_t i = raw_.size(), n = 0; id != 0 && i-- > 0 && n < 4; ++n)
    if (raw_[i].id == id) {
      raw_[i].help = std::string(help);
      return;
    }
}

void ItemRegistry::name_last_item(std::string_view name) {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  Named n;
  n.name = std::string(name);
  Item& it = n.item;
  it.id = g.LastItemData.ID;
  it.kind = ItemKind::Text;
  for (auto r = raw_.rbegin(); it.id != 0 && r != raw_.rend(); ++r)
    if (r->id == it.id) {
      it.kind = r->kind;
      break;
    }
  it.panel = g.CurrentWindow ? panel_of(g.CurrentWindow) : std::string();
  it.rect = xywh(g.LastItemData.Rect);
  ImRect v = g.LastItemData.Rect;
  if (g.CurrentWindow) v.ClipWithFull(g.CurrentWindow->ClipRect);
  it.visible = v.GetWidth() > 0 && v.GetHeight() > 0 ? xywh(v) : ImVec4(v.Min.x, v.Min.y, 0, 0);
  named_raw_.push_back(std::move(n));
}

const char* ItemRegistry::debug_label(ImGuiID id) const {
  for (const Raw& r : raw_)
    if (r.id == id && !r.label.empty()) return r.label.c_str();
  return nullptr;
}

void ItemRegistry::end_frame(ImGuiContext& g) {
  settle_last();
  std::vector<Item> items;
  items.reserve(raw_.size());
  std::map<std::string, int> seen;
  std::map<const Alias*, int> alias_count;
  for (std::size_t i = 0; i < raw_.size(); ++i) {
    Raw& r = raw_[i];
    if (!r.window->Active) continue;
    // A clipped widget skips its info hook: its label and kind are those it had when last seen.
    if (r.has_info) {
      if (known_.size() > 4096) known_.clear();
      known_[r.id] = {r.label, r.kind};
    } else if (auto k = known_.find(r.id); k != known_.end() && r.kind != ItemKind::Image) {
      r.label = k->second.first;
      r.kind = k->second.second;
    }
    Item it;
    it.id = r.id;
    it.kind = r.kind;
    it.label = r.label;
    it.panel = panel_of(r.window);
    it.rect = xywh(r.rect);
    ImRect v = r.rect;
    v.ClipWithFull(r.clip);
    const bool hidden = r.window->Hidden || r.window->SkipItems || !(v.GetWidth() > 0 && v.GetHeight() > 0);
    it.visible = hidden ? ImVec4(v.Min.x, v.Min.y, 0, 0) : xywh(v);
    it.window = r.window->ID;
    it.disabled = r.disabled;
    it.checked = (r.status & ImGuiItemStatusFlags_Checked) != 0 || r.selected;
    it.open = (r.status & ImGuiItemStatusFlags_Opened) != 0;
    it.value = r.value;
    it.help = r.help;
    // The name: an alias of the table, else "<scope>:<label slug>".
    std::string name;
    for (const Alias& a : kAliases)
      if (alias_matches(a, r, it.panel)) {
        name = alias_name(a, alias_count);
        if (it.label.empty()) it.label = a.label;
        break;
      }
    if (name.empty()) {
      std::string s = label_slug(r.label);
      if (s.empty()) s = slug(item_kind_name(r.kind));
      std::string scope = it.panel == "toolbar" ? std::string() : it.panel;
      if (r.owner >= 0 && static_cast<std::size_t>(r.owner) < i) {
        // the combo's name, as published below (items are named in order)
        for (const Item& o : items)
          if (o.id == raw_[r.owner].id) scope = o.name;
      } else if (const ImGuiWindow* pop = popup_of(r.window)) {
        scope = label_slug(pop->Name);
      }
      name = scope.empty() ? s : scope + ":" + s;
    }
    const int k = ++seen[name];
    if (k > 1) name += "#" + std::to_string(k);
    it.name = std::move(name);
    items.push_back(std::move(it));
  }
  items_ = std::move(items);
  named_ = std::move(named_raw_);
  named_raw_.clear();
  // An extra name was taken as its item was drawn: what came after (its value, its help) too.
  for (Named& n : named_)
    for (const Item& it : items_)
      if (n.item.id != 0 && it.id == n.item.id) {
        n.item.value = it.value;
        n.item.help = it.help;
        break;
      }
  if (request_.frame < frame_) request_ = {};   // its item was not drawn in the frame after the request
  ++frame_;
}

void ItemRegistry::set_value(ImGuiID id, ItemValue v, std::string_view label) {
  for (std::size_t i = raw_.size(); i-- > 0;) {
    Raw& r = raw_[i];
    if (r.id != id) continue;
    v.known = true;
    if (!r.has_info) r.kind = v.kind;   // clipped: the hooks said nothing
    r.value = std::move(v);
    if (!r.label.empty() || label.empty()) return;
    // A field the hooks gave no label (an InputInt's, under its label's ID) and its -/+ buttons.
    const std::string shown(label.substr(0, label.find("##")));
    r.label = std::string(label);
    for (std::size_t k = i + 1; k < raw_.size() && k <= i + 2; ++k) {
      Raw& b = raw_[k];
      // Clipped, the buttons gave no label either: "-" comes first, then "+".
      const bool minus = b.label == "-" || (!b.has_info && k == i + 1);
      const bool plus = b.label == "+" || (!b.has_info && k == i + 2);
      if (b.seed != r.seed || !(minus || plus)) continue;
      b.label = (minus ? "Decrease " : "Increase ") + (shown.empty() ? label_slug(label) : shown);
    }
    return;
  }
}

std::optional<std::string> ItemRegistry::take_value_request(ImGuiID id) {
  if (id == 0 || request_.id != id) return std::nullopt;
  std::string text = std::move(request_.text);
  request_ = {};
  return text;
}

namespace {

std::string trimmed(std::string_view s) {
  const std::size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return {};
  return std::string(s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1));
}

// "%g" without a trailing exponent surprise: 0.01, 16, 1e-05.
std::string number_text(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

}  // namespace

std::string ItemRegistry::request_value(std::string_view name, std::string_view text) {
  const Item* it = find(name);
  const std::string quoted = "'" + std::string(name) + "'";
  if (!it || !it->shown() || !(it->kind == ItemKind::Slider || it->kind == ItemKind::Drag || it->kind == ItemKind::Input))
    return "no slider or input field named " + quoted + " is shown";
  const ItemValue& v = it->value;
  if (!v.known) return quoted + " does not report its value";
  if (it->disabled) return quoted + " is disabled";
  if (v.read_only) return quoted + " is read-only";
  std::string t = trimmed(text);
  if (!v.text_field) {
    const char* begin = t.c_str();
    char* end = nullptr;
    const double x = t.empty() ? NAN : std::strtod(begin, &end);
    if (t.empty() || end != begin + t.size() || !std::isfinite(x)) return quoted + " takes a number; '" + t + "' is not one";
    if (v.integer && x != std::floor(x)) return quoted + " takes a whole number; " + t + " is not one";
    const bool below = std::isfinite(v.min) && x < v.min, above = std::isfinite(v.max) && x > v.max;
    if (below || above) {
      if (v.bounded()) return quoted + " takes " + number_text(v.min) + " to " + number_text(v.max) + "; " + t + " is out of range";
      return quoted + " takes " + (below ? "at least " + number_text(v.min) : "at most " + number_text(v.max)) + "; " + t + " is out of range";
    }
  }
  request_ = {it->id, std::move(t), frame_};
  return {};
}

const Item* ItemRegistry::find(std::string_view name) const {
  for (const Named& n : named_)
    if (n.name == name) return &n.item;
  for (const Item& it : items_)
    if (it.name == name) return &it;
  return nullptr;
}

ItemRegistry& item_registry() {
  static ItemRegistry r;
  return r;
}

void install_item_registry(ImGuiContext* ctx) {
  ctx->TestEngineHookItems = true;
  ImGuiContextHook begin;
  begin.Type = ImGuiContextHookType_NewFramePost;
  begin.Callback = [](ImGuiContext* c, ImGuiContextHook*) {
    c->TestEngineHookItems = true;
    item_registry().begin_frame();
  };
  ImGui::AddContextHook(ctx, &begin);
  ImGuiContextHook end;
  end.Type = ImGuiContextHookType_EndFramePost;
  end.Callback = [](ImGuiContext* c, ImGuiContextHook*) { item_registry().end_frame(*c); };
  ImGui::AddContextHook(ctx, &end);
}

}  // namespace bpl::ui

// ---- Dear ImGui's test-engine hooks (imgui_internal.h, IMGUI_ENABLE_TEST_ENGINE)

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  bpl::ui::item_registry().on_item_add(*ctx, bb, id);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  bpl::ui::item_registry().on_item_info(*ctx, id, label, flags);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}   // ImGui's own log lines: not kept

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID id) { return bpl::ui::item_registry().debug_label(id); }
