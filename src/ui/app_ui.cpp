#include "ui/app_ui.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/app_state.hpp"
#include "app/url_state.hpp"

namespace bpl::ui {

UiShared& shared() {
  static UiShared s;
  return s;
}

// ------------------------------------------------------------------ fonts and style

const ImWchar* glyph_ranges() {
  // Keep in sync with scripts/subset_font.sh (glyphs missing from the font are skipped).
  static const ImWchar kRanges[] = {
      0x0020, 0x00FF,  // Basic Latin + Latin-1 (× · ± ° ² ³ µ)
      0x0370, 0x03FF,  // Greek (α β γ δ ε η θ λ μ σ Σ)
      0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
      0x2030, 0x203A,  // per mille, primes
      0x2070, 0x209C,  // superscripts and subscripts
      0x2190, 0x2199,  // arrows ← ↑ → ↓
      0x21BA, 0x21BB,  // ↺ ↻
      0x21D0, 0x21D5,  // ⇐ ⇒
      0x2200, 0x22FF,  // mathematical operators ∂ ∇ ∑ − √ ∞ ≈ ≤ ≥ ⊙
      0x2308, 0x230B,  // ceilings and floors
      0x25A0, 0x25FF,  // geometric shapes ■ ▲ ▶ ▼ ●
      0x2713, 0x2717,  // ✓ ✗
      0xFFFD, 0xFFFD,  // replacement character
      0,
  };
  return kRanges;
}

bool load_fonts(const std::vector<unsigned char>& ttf, float px, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
#ifdef BPL_NO_DEFAULT_FONT
  // The browser draws the mouse cursor (io.MouseDrawCursor stays false), so the atlas needs no
  // cursor shapes; the browser build's imgui_draw.cpp has none (app.cmake).
  io.Fonts->Flags |= ImFontAtlasFlags_NoMouseCursors;
#endif
  if (!ttf.empty()) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;   // the caller's bytes, reused at every rebuild
    // At a device pixel ratio of 2 the glyphs are big enough not to need sub-pixel oversampling.
    cfg.OversampleH = scale >= 1.5f ? 1 : 2;
    cfg.OversampleV = 1;
    void* data = const_cast<unsigned char*>(ttf.data());   // ImGui only reads it
    if (io.Fonts->AddFontFromMemoryTTF(data, static_cast<int>(ttf.size()), std::round(px), &cfg, glyph_ranges()))
      return true;
  }
#ifdef BPL_NO_DEFAULT_FONT
  (void)scale;   // the browser build has no built-in font (app.cmake): the page stops instead
#else
  ImFontConfig cfg;
  cfg.SizePixels = std::round(13.0f * std::max(1.0f, scale));
  io.Fonts->AddFontDefault(&cfg);
#endif
  return false;
}

void apply_style(float scale) {
  ImGuiStyle st;
  ImGui::StyleColorsLight(&st);
  st.WindowPadding = ImVec2(10, 8);
  st.FramePadding = ImVec2(7, 4);
  st.ItemSpacing = ImVec2(8, 6);
  st.ItemInnerSpacing = ImVec2(6, 4);
  st.IndentSpacing = 18;
  st.ScrollbarSize = 13;
  st.GrabMinSize = 10;
  st.WindowRounding = 6;
  st.ChildRounding = 4;
  st.FrameRounding = 4;
  st.PopupRounding = 4;
  st.ScrollbarRounding = 6;
  st.GrabRounding = 4;
  st.TabRounding = 4;
  st.WindowBorderSize = 1;
  st.FrameBorderSize = 1;
  st.PopupBorderSize = 1;
  st.WindowTitleAlign = ImVec2(0.0f, 0.5f);

  ImVec4* c = st.Colors;
  const ImVec4 accent(0.16f, 0.42f, 0.78f, 1.0f);
  c[ImGuiCol_Text] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
  c[ImGuiCol_TextDisabled] = ImVec4(0.45f, 0.47f, 0.50f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
  c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.84f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.95f, 0.96f, 0.97f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.88f, 0.92f, 0.98f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.80f, 0.87f, 0.97f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.83f, 0.88f, 0.95f, 1.0f);
  c[ImGuiCol_TitleBgCollapsed] = c[ImGuiCol_TitleBg];
  c[ImGuiCol_MenuBarBg] = ImVec4(0.94f, 0.95f, 0.96f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.92f, 0.94f, 0.97f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.82f, 0.88f, 0.97f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.70f, 0.80f, 0.95f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.86f, 0.90f, 0.97f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.87f, 0.97f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.72f, 0.82f, 0.96f, 1.0f);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = ImVec4(accent.x, accent.y, accent.z, 0.75f);
  c[ImGuiCol_SliderGrabActive] = accent;
  c[ImGuiCol_Tab] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
  c[ImGuiCol_TabHovered] = ImVec4(0.80f, 0.87f, 0.97f, 1.0f);
  c[ImGuiCol_TabActive] = ImVec4(0.96f, 0.97f, 1.0f, 1.0f);
  c[ImGuiCol_PlotLines] = accent;
  c[ImGuiCol_PlotHistogram] = accent;
  c[ImGuiCol_TextSelectedBg] = ImVec4(accent.x, accent.y, accent.z, 0.30f);
  c[ImGuiCol_NavHighlight] = ImGui::ColorConvertU32ToFloat4(palette::kFocus);   // keyboard focus (draw_focus_ring)

  st.ScaleAllSizes(scale);
  ImGui::GetStyle() = st;
}

// ------------------------------------------------------------------ AppUi

namespace {

constexpr const char* kTrainLabel = "\u25B6 Train";           // ▶
constexpr const char* kPauseLabel = "\u25AE\u25AE Pause";     // ▮▮
constexpr const char* kResetLabel = "\u21BA Reset";           // ↺
constexpr const char* kExitPresenter = "Exit presenter (P)";
constexpr const char* kLessonsLabel = "\u25B6 Lessons";
constexpr const char* kShortcuts =
    "Keyboard shortcuts (when no text field is being edited):\n"
    "  Space   train / pause\n"
    "  S       one optimizer step\n"
    "  R       reset the weights\n"
    "  C       clear the sketch\n"
    "  P       presenter mode (large type, one or two panels)\n"
    "Keyboard navigation:\n"
    "  arrows            move the focus to the control in that direction\n"
    "                    (in the Backprop panel under the mouse, \u2190 \u2192 step\n"
    "                    while no focus is shown)\n"
    "  Tab / Shift+Tab   next / previous text or number field\n"
    "  Space / Enter     press the focused control / type into a field\n"
    "  N / Shift+N       next / previous panel (and the toolbar)\n"
    "  Escape            leave a menu or a field";

// Cell k (row by row) of a grid for n panels in an area of the given aspect ratio (w/h), as a
// Slot. The column count makes the cells closest to a 4:3 landscape shape.
Slot grid_slot(std::size_t k, std::size_t n, float aspect) {
  std::size_t best_cols = 1;
  float best = 1e30f;
  for (std::size_t cols = 1; cols <= n; ++cols) {
    const std::size_t rows = (n + cols - 1) / cols;
    const float cell_aspect = aspect * float(rows) / float(cols);
    const float badness = std::abs(std::log(cell_aspect / (4.0f / 3.0f)));
    if (badness < best - 1e-4f) {
      best = badness;
      best_cols = cols;
    }
  }
  const std::size_t cols = best_cols, rows = (n + cols - 1) / cols;
  const std::size_t r = k / cols, c = k % cols;
  // The last row's panels share its full width.
  const std::size_t in_row = r + 1 == rows ? n - r * cols : cols;
  const float w = 1.0f / float(in_row), h = 1.0f / float(rows);
  return {float(c) * w, float(r) * h, w, h};
}

}  // namespace

AppUi::AppUi(AppState& app) : app_(app), panels_(make_panels()), rects_(panels_.size()) {}

AppUi::~AppUi() = default;

void AppUi::set_training(bool on) { app_.set_training(on); }

void AppUi::toggle_training() { set_training(!app_.training()); }

void AppUi::step(int n) {
  if (!app_.has_data()) return;
  app_.set_training(false);
  app_.step(std::clamp(n, 1, 100000));
}

void AppUi::reset() { app_.reset(); }

std::string AppUi::undo() {
  const std::string what = app_.set_aside();
  const Status s = app_.undo_set_aside();
  if (!s.ok()) return s.message();
  app_.set_error("");
  app_.set_notice("Brought back the trained network: " + what + ".");
  return {};
}

void AppUi::toggle_presenter() { app_.view().set_presenter(!app_.view().presenter); }

std::string AppUi::share_fragment() const {
  std::vector<std::string> open;
  for (const auto& p : panels_)
    if (app_.view().open.end() != std::find(app_.view().open.begin(), app_.view().open.end(), p->name()))
      open.emplace_back(p->name());
  const int example = app_.input_source() == InputSource::Dataset ? app_.selected_index() : -1;
  std::string frag = encode_url_state(app_.config(), open, example);
  if (const Lesson* l = app_.lesson_progress().current_lesson())
    frag += "&lesson=" + l->id + "&lesson_step=" + std::to_string(app_.lesson_progress().step());
  return frag;
}

std::string AppUi::share_link() const { return shared().page_url + "#" + share_fragment(); }

std::string AppUi::apply_link(std::string_view fragment) {
  UrlState st = decode_url_state(fragment, app_.config());
  std::vector<std::string>& notices = st.notices;
  if (st.has_config) {
    const Status s = app_.set_config(st.config);
    if (!s.ok()) notices.push_back("the link's settings were ignored: " + s.message());
  }
  if (st.panels) {
    if (!app_.view().initialized) apply_default_view();
    std::vector<std::string> known;
    for (const std::string& id : *st.panels) {
      const bool found = std::any_of(panels_.begin(), panels_.end(), [&](const auto& p) { return id == p->name(); });
      if (found)
        known.push_back(id);
      else
        notices.push_back("unknown panel '" + id.substr(0, 40) + "' ignored");
    }
    for (const auto& p : panels_) app_.view().set_open(p->name(), std::find(known.begin(), known.end(), p->name()) != known.end());
  }
  if (st.example) {
    if (app_.has_data() && *st.example < app_.data().size())
      app_.select_dataset_image(*st.example);
    else
      notices.push_back("'example' ignored: there is no image " + std::to_string(*st.example));
  }
  if (st.lesson) {
    const int l = lesson_index(*st.lesson);
    if (l < 0) {
      notices.push_back("unknown lesson '" + st.lesson->substr(0, 40) + "' ignored");
    } else {
      app_.lesson_progress().start(l, st.lesson_step, app_);
      app_.view().set_open("lessons", true);
    }
  }
  std::string text;
  for (const std::string& n : notices) text += (text.empty() ? "" : "; ") + n;
  if (!text.empty()) app_.set_error("the link was partly ignored: " + text);
  return text;
}

void AppUi::clear_sketch() {
  app_.sketch_clear();   // drops the sketch input if it is current
}

bool AppUi::panel_rect(std::string_view name, Rect* out) const {
  if (name == "toolbar") {
    if (out) *out = toolbar_rect_;
    return toolbar_rect_.w > 0;
  }
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    if (name == panels_[i]->name()) {
      if (out) *out = rects_[i];
      return rects_[i].w > 0;
    }
  }
  return false;
}

bool AppUi::set_panel_open(std::string_view name, bool on) {
  for (const auto& p : panels_) {
    if (name == p->name()) {
      if (on)
        open_in_place(name);
      else
        app_.view().set_open(name, false);
      return true;
    }
  }
  return false;
}

void AppUi::apply_default_view() {
  ViewState& v = app_.view();
  for (const auto& p : panels_) v.set_open(p->name(), p->default_open());
  v.initialized = true;
}

void AppUi::open_in_place(std::string_view name) {
  ViewState& v = app_.view();
  if (v.is_open(name)) return;
  v.set_open(name, true);
  place_version_ = v.version;
}

bool AppUi::default_view_open() const {
  for (const auto& p : panels_)
    if (app_.view().is_open(p->name()) != p->default_open()) return false;
  return true;
}

std::vector<std::string> AppUi::panel_names() const {
  std::vector<std::string> names;
  for (const auto& p : panels_) names.emplace_back(p->name());
  return names;
}

void AppUi::frame() {
  ++shared().frame;
  if (!app_.view().initialized) apply_default_view();
  kind_ = bpl::layout_kind(app_.view(), ImGui::GetMainViewport()->Size.x * css_per_px());
  shortcuts();
  toolbar();
  draw_panels();
  draw_lesson_highlight();
  draw_pinned_help();
  draw_focus_ring();
}

float AppUi::css_per_px() const {
  // shared().scale is the device pixel ratio times the UI scale.
  const float s = shared().scale;
  return s > 0 ? app_.view().ui_scale() / s : 1.0f;
}

float AppUi::touch_height() const {
  constexpr float kTouchCss = 44.0f;   // a finger's target in the phone layout
  return std::round(kTouchCss / css_per_px());
}

std::vector<std::string> AppUi::visible_panels() const {
  return bpl::visible_panels(app_.view(), kind_, panel_names());
}

void AppUi::shortcuts() {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  // Characters rather than key codes: independent of the backend's key numbering and of the
  // keyboard layout.
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
    switch (io.InputQueueCharacters[i]) {
      case ' ':   // with the keyboard focus showing, Space presses the focused control instead
        if (!io.NavVisible) toggle_training();
        break;
      case 's': case 'S': step(1); break;
      case 'r': case 'R': reset(); break;
      case 'c': case 'C': clear_sketch(); break;
      case 'p': case 'P': toggle_presenter(); break;
      case 'n': focus_next_panel(1); break;    // the browser keeps Ctrl+Tab (ImGui's window switch) for itself
      case 'N': focus_next_panel(-1); break;
      default: break;
    }
  }
}

// The toolbar, then the open panels in layout order.
void AppUi::focus_next_panel(int dir) {
  std::vector<std::string> names{"##toolbar"};
  const std::vector<std::string> shown = visible_panels();
  for (const auto& p : panels_)
    if (std::find(shown.begin(), shown.end(), p->name()) != shown.end())
      names.push_back(std::string(p->title()) + "###" + p->name());
  focus_next_window(names, dir);
}

void AppUi::remember_control(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  controls_[name] = Rect{a.x, a.y, b.x - a.x, b.y - a.y};
}

// Toolbar controls first, then those the panels recorded (the item registry, ui/item_registry.hpp).
bool AppUi::control_rect(std::string_view name, Rect* out) const {
  auto it = controls_.find(std::string(name));
  if (it != controls_.end()) {
    *out = it->second;
    return true;
  }
  ImVec4 r;
  if (!panel_control_rect(name, &r)) return false;
  *out = Rect{r.x, r.y, r.z, r.w};
  return true;
}

void AppUi::toolbar() {
  const ImGuiStyle& st = ImGui::GetStyle();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = std::round(ImGui::GetFrameHeight() + 2.0f * st.WindowPadding.y);
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoFocusOnAppearing;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.97f, 0.975f, 0.98f, 1.0f));
  if (kind_ == LayoutKind::Phone) {
    // Two rows of finger-sized buttons: Train/Pause, Step, Lessons, More; the panel picker.
    const float pad_y = std::max(st.FramePadding.y, 0.5f * (touch_height() - ImGui::GetFontSize()));
    const float ph = std::round(2.0f * (ImGui::GetFontSize() + 2.0f * pad_y) + st.ItemSpacing.y + 2.0f * st.WindowPadding.y);
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x, ph));
    ImGui::Begin("##toolbar", nullptr, flags);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    toolbar_rect_ = {vp->Pos.x, vp->Pos.y, vp->Size.x, ph};
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(st.FramePadding.x, pad_y));
    phone_toolbar();
    ImGui::PopStyleVar();
    ImGui::End();
    return;
  }
  ImGui::Begin("##toolbar", nullptr, flags);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
  toolbar_rect_ = {vp->Pos.x, vp->Pos.y, vp->Size.x, h};

  toolbar_buttons();

  // Right-hand side, measured first so that the status text can be clipped before it.
  // Presenter mode keeps only View and the way out.
  const bool presenter = app_.view().presenter;
  const std::vector<const char*> labels =
      presenter ? std::vector<const char*>{"View", kExitPresenter}
                : std::vector<const char*>{kLessonsLabel, "Share", "View", "Layout", "?"};
  float right_w = 0;
  for (const char* l : labels) right_w += ImGui::CalcTextSize(l).x + 2.0f * st.FramePadding.x + st.ItemSpacing.x;
  const float right_x = ImGui::GetWindowContentRegionMax().x - right_w + st.ItemSpacing.x;
  toolbar_status(right_x);

  ImGui::SameLine(right_x);
  if (!presenter) {
    if (ImGui::Button(kLessonsLabel)) app_.view().set_open("lessons", true);
    remember_control("lessons");
    tooltip("Guided lessons: from the digits to backpropagation, one step at a time.");
    ImGui::SameLine();
    if (ImGui::Button("Share")) ImGui::OpenPopup("##share");
    remember_control("share");
    tooltip("A link that opens Backprop Lab with these settings, panels and selected example.");
    anchor_popup_below_item();
    share_popup();
    ImGui::SameLine();
  }
  if (ImGui::Button("View")) ImGui::OpenPopup("##view");
  remember_control("view");
  tooltip("Show or hide panels; presenter mode; UI scale.");
  anchor_popup_below_item();
  view_menu();
  ImGui::SameLine();
  if (presenter) {
    if (ImGui::Button(kExitPresenter)) toggle_presenter();
    remember_control("presenter");
  } else {
    if (ImGui::Button("Layout")) relayout();
    remember_control("layout");
    tooltip("Put every open panel back in its place.");
    ImGui::SameLine();
    help_button("?", kShortcuts, "help:shortcuts");   // a click or tap pins the list
  }
  ImGui::End();
}

// While a lesson step is shown, its panel and control are outlined (no animation: an idle page
// must be able to rest).
void AppUi::draw_lesson_highlight() {
  const LessonStep* s = app_.lesson_progress().current_step();
  if (!s || !app_.view().is_open("lessons")) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImU32 orange = IM_COL32(235, 120, 0, 255);
  const float t = std::max(2.0f, 0.18f * ImGui::GetFontSize());
  Rect r;
  if (!s->panel.empty() && panel_rect(s->panel, &r))
    dl->AddRect(ImVec2(r.x + 0.5f * t, r.y + 0.5f * t), ImVec2(r.x + r.w - 0.5f * t, r.y + r.h - 0.5f * t), orange,
                ImGui::GetStyle().WindowRounding, 0, t);
  if (!s->control.empty() && control_rect(s->control, &r))
    dl->AddRect(ImVec2(r.x - t, r.y - t), ImVec2(r.x + r.w + t, r.y + r.h + t), orange, 3.0f, 0, t);
}

// The next popup opens below the last item, right-aligned with it, so that it never covers the
// toolbar and stays inside the window however wide it grows (e.g. at a larger UI scale).
void AppUi::anchor_popup_below_item() {
  const ImVec2 max = ImGui::GetItemRectMax();
  ImGui::SetNextWindowPos(ImVec2(max.x, max.y + 0.3f * ImGui::GetFontSize()), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
}

// Train/Pause, Step and Reset: always there, presenter mode included.
void AppUi::toolbar_buttons() {
  const ImGuiStyle& st = ImGui::GetStyle();
  const bool training = app_.training();
  ImGui::BeginDisabled(!app_.has_data());
  const float train_w =
      std::max(ImGui::CalcTextSize(kTrainLabel).x, ImGui::CalcTextSize(kPauseLabel).x) + 2.0f * st.FramePadding.x;
  push_train_button_colors(training);
  const std::string train_label = std::string(training ? kPauseLabel : kTrainLabel) + "###train";
  if (ImGui::Button(train_label.c_str(), ImVec2(train_w, 0))) toggle_training();
  remember_control("train");
  ImGui::PopStyleColor(2);
  if (training)
    tooltip("Pause training. The weights stay as they are. (Space)");
  else if (app_.trainer().stopped())
    tooltip("Training has stopped; Train continues past the limit with the current weights. (Space)");
  else
    tooltip("Train the network, a few optimizer steps every frame. (Space)");
  ImGui::SameLine();
  if (ImGui::Button("Step")) step(1);
  remember_control("step");
  tooltip("Pause, then take exactly one optimizer step (one CG/L-BFGS iteration or one minibatch). (S)");
  ImGui::SameLine();
  if (ImGui::Button(kResetLabel)) reset();
  remember_control("reset");
  tooltip("Re-initialize the weights from the seed and clear the learning curves. A trained network is kept: "
          "Undo brings it back. (R)");
  ImGui::SameLine();
  model_menu();
  ImGui::EndDisabled();
  undo_button();
}

// Shown while a reset or a new network has set a trained network aside: one click brings it back.
void AppUi::undo_button() {
  if (app_.set_aside().empty()) {
    controls_.erase("undo");   // lab.controlRect("undo") is null while nothing is kept
    return;
  }
  ImGui::SameLine();
  if (ImGui::Button("Undo")) (void)undo();
  remember_control("undo");
  const std::string tip = "Bring back the trained network (" + app_.set_aside() + "): its weights, curves and settings.";
  tooltip(tip.c_str());
}

// The status line and the last error (with a dismiss button), clipped before right_x.
void AppUi::toolbar_status(float right_x) {
  const float font = ImGui::GetFontSize();
  ImGui::SameLine(0.0f, font);
  const ImVec2 status_pos = ImGui::GetCursorScreenPos();
  const float status_w = std::max(0.0f, right_x - ImGui::GetCursorPosX() - font);
  ImGui::PushClipRect(status_pos, ImVec2(status_pos.x + status_w, status_pos.y + ImGui::GetFrameHeight()), true);
  ImGui::AlignTextToFramePadding();
  const std::string status = app_.status_line();
  ImGui::TextUnformatted(status.c_str());
  if (app_.training() && app_.steps_per_second() > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("\u00B7 %.0f steps/s", app_.steps_per_second());
  }
  const std::string& err = app_.last_error();
  bool dismiss = false;
  if (err.empty() && !app_.last_notice().empty()) {
    ImGui::SameLine(0.0f, font);
    ImGui::TextColored(ImVec4(0.10f, 0.45f, 0.20f, 1.0f), "%s", app_.last_notice().c_str());
  }
  if (!err.empty()) {
    ImGui::SameLine(0.0f, font);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.80f, 0.10f, 0.10f, 1.0f));
    ImGui::TextUnformatted(("Error: " + err).c_str());
    ImGui::PopStyleColor();
    tooltip(err.c_str());
    ImGui::SameLine();
    dismiss = ImGui::SmallButton("\u00D7##dismiss");   // ×
    tooltip("Dismiss the error");
  }
  ImGui::PopClipRect();
  if (dismiss) {
    app_.set_error("");
    app_.set_notice("");
  }
}

// The Share popup: the link as selectable text (copy by hand anywhere) and a Copy button.
void AppUi::share_popup() {
  if (!ImGui::BeginPopup("##share")) return;
  if (ImGui::IsWindowAppearing()) share_copied_ = false;
  const float font = ImGui::GetFontSize();
  ImGui::TextUnformatted("This link opens Backprop Lab with these settings (seeds included),");
  ImGui::TextUnformatted("the open panels and the selected example:");
  std::string link = share_link();
  ImGui::SetNextItemWidth(36.0f * font);
  input_text("##link", &link, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
  ImGui::SameLine();
  if (ImGui::Button(share_copied_ ? "Copied \u2713###copy" : "Copy link###copy")) {
    shared().copy_text = link;
    shared().copy_request = true;
    share_copied_ = true;
  }
  remember_control("share:copy");
  ImGui::EndPopup();
}

// The View menu: one checkable item per panel, then "Default panels". Item rectangles are kept
// as controls "view:<name>" so that browser tests can click them.
void AppUi::view_menu() {
  if (!ImGui::BeginPopup("##view")) return;
  ImGui::TextDisabled("Panels");
  for (const auto& p : panels_) {
    bool open = app_.view().is_open(p->name());
    if (ImGui::MenuItem(p->title(), nullptr, &open)) {
      if (open)
        open_in_place(p->name());
      else
        app_.view().set_open(p->name(), false);
    }
    remember_control((std::string("view:") + p->name()).c_str());
  }
  ImGui::Separator();
  ViewState& v = app_.view();
  if (!v.presenter) {
    if (ImGui::MenuItem("Default panels")) {
      apply_default_view();
      relayout();   // everything afresh, also when only panels were added
    }
    remember_control("view:default");
  }
  bool presenter = v.presenter;
  if (ImGui::MenuItem("Presenter mode", "P", &presenter)) toggle_presenter();
  remember_control("view:presenter");
  ui_scale_slider("view:scale");
  ImGui::EndPopup();
}

// "UI scale [100%]": the View menu's and the phone More menu's. The new scale applies when the
// slider is released: applied while dragging, the menu would grow under the pointer and the
// value would jump.
void AppUi::ui_scale_slider(const char* control) {
  ViewState& v = app_.view();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("UI scale");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(10.0f * ImGui::GetFontSize(), ImGui::GetContentRegionAvail().x));
  if (scale_percent_ < 0) scale_percent_ = static_cast<int>(std::lround(100.0f * v.ui_scale()));
  // A change made without a drag (lab.setControl, the mirror's keys) applies at once.
  const bool edited = slider_int("##UI scale", &scale_percent_, 75, 200, "%d%%");
  if ((edited && !ImGui::IsItemActive()) || ImGui::IsItemDeactivatedAfterEdit()) v.set_ui_scale(scale_percent_ / 100.0f);
  if (!ImGui::IsItemActive()) scale_percent_ = -1;   // not dragged: show the scale in use
  remember_control(control);
}

// Model files: Export downloads the current model as JSON; Import opens the browser's file
// picker (a file can also be dropped onto the page). The platform does the file work.
void AppUi::model_menu() {
  if (ImGui::Button("Model \u25BE")) ImGui::OpenPopup("##model_menu");   // ▾
  remember_control("model");
  tooltip("Export the current model to a file, or import one (also by dropping a .json file on the page).");
  if (ImGui::BeginPopup("##model_menu")) {
    model_menu_items(0.0f, "model:");
    // Said in the menu itself, not in a tooltip (nothing is reachable by hover alone).
    ImGui::Separator();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 22.0f);
    ImGui::TextDisabled("A model file holds the architecture, weights, input scaling and training settings "
                        "(JSON). Import also works by dropping a file on the page; a bad file changes nothing.");
    ImGui::TextDisabled("The notebook rebuilds this network in plain NumPy (Jupyter or python3): the digits, "
                        "its weights, forward pass, cost, backprop, a gradient check and the Backprop "
                        "stepper's example, with numbers that match the page.");
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
  }
}

// The Model menu's three actions, `h` high (0: a line), remembered as prefix + export/notebook/import.
void AppUi::model_menu_items(float h, const std::string& prefix) {
  if (ImGui::Selectable("Export model (.json)", false, 0, ImVec2(0, h))) shared().export_model_request = true;
  remember_control((prefix + "export").c_str());
  if (ImGui::Selectable("Export as notebook (.ipynb)", false, 0, ImVec2(0, h))) shared().export_notebook_request = true;
  remember_control((prefix + "notebook").c_str());
  if (ImGui::Selectable("Import model...", false, 0, ImVec2(0, h))) shared().import_model_request = true;
  remember_control((prefix + "import").c_str());
}

// ------------------------------------------------------------------ phone layout

// Row 1: Train/Pause, Step, Lessons and, at the right, More (everything else); row 2: the panel
// picker. Called inside the toolbar window with the frame padding that makes buttons touch-high.
void AppUi::phone_toolbar() {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float touch = ImGui::GetFrameHeight();
  const auto width = [&](const char* label) { return std::max(touch, ImGui::CalcTextSize(label, nullptr, true).x + 2.0f * st.FramePadding.x); };
  const bool training = app_.training();
  ImGui::BeginDisabled(!app_.has_data());
  push_train_button_colors(training);
  const std::string train_label = std::string(training ? kPauseLabel : kTrainLabel) + "###train";
  if (ImGui::Button(train_label.c_str(), ImVec2(std::max(width(kTrainLabel), width(kPauseLabel)), 0))) toggle_training();
  remember_control("train");
  ImGui::PopStyleColor(2);
  tooltip(training ? "Pause training. The weights stay as they are." : "Train the network, a few optimizer steps every frame.");
  ImGui::SameLine();
  if (ImGui::Button("Step", ImVec2(width("Step"), 0))) step(1);
  remember_control("step");
  tooltip("Pause, then take exactly one optimizer step.");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button(kLessonsLabel, ImVec2(width(kLessonsLabel), 0))) app_.view().bring_to_front("lessons");
  remember_control("lessons");
  tooltip("Guided lessons: from the digits to backpropagation, one step at a time.");
  constexpr const char* kMore = "More \u25BE###more";   // ▾
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - width(kMore)));
  if (ImGui::Button(kMore, ImVec2(width(kMore), 0))) ImGui::OpenPopup("##more");
  remember_control("more");
  tooltip("Reset, Model, Share, the panels, presenter mode, Layout and the keys.");
  anchor_popup_below_item();
  phone_more_menu();
  panel_picker();
}

// The toolbar's other controls, one finger-high line each, in a popup as wide as the screen allows.
void AppUi::phone_more_menu() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  const float w = std::min(vp->Size.x - font, 24.0f * font);
  ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, vp->Size.y - toolbar_rect_.h));
  if (!ImGui::BeginPopup("##more")) return;
  const ImVec2 big(0, ImGui::GetFrameHeight());
  ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));   // labels centred in their height
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(app_.status_line().c_str());
  if (!app_.last_error().empty()) ImGui::TextColored(ImVec4(0.80f, 0.10f, 0.10f, 1.0f), "Error: %s", app_.last_error().c_str());
  else if (!app_.last_notice().empty()) ImGui::TextColored(ImVec4(0.10f, 0.45f, 0.20f, 1.0f), "%s", app_.last_notice().c_str());
  ImGui::PopTextWrapPos();
  ImGui::Separator();
  ImGui::BeginDisabled(!app_.has_data());
  if (ImGui::Selectable(kResetLabel, false, 0, big)) reset();
  remember_control("more:reset");
  if (!app_.set_aside().empty()) {
    if (ImGui::Selectable("Undo: bring back the trained network", false, 0, big)) (void)undo();
    remember_control("more:undo");
  } else {
    controls_.erase("more:undo");
  }
  ImGui::EndDisabled();
  if (ImGui::Selectable("Copy the share link", false, 0, big)) {
    shared().copy_text = share_link();
    shared().copy_request = true;
    app_.set_notice("The share link was copied.");
  }
  remember_control("more:share");
  if (ImGui::Selectable("Layout: put the panels back", false, 0, big)) relayout();
  remember_control("more:layout");
  ui_scale_slider("more:scale");   // near the top: a larger scale may have brought this layout
  ImGui::Separator();
  ImGui::TextDisabled("Model");
  ImGui::BeginDisabled(!app_.has_data());
  model_menu_items(big.y, "more:model:");
  ImGui::EndDisabled();
  ImGui::Separator();
  ImGui::TextDisabled("Panels");
  ViewState& v = app_.view();
  for (const auto& p : panels_) {
    const bool open = v.is_open(p->name());
    const std::string label = std::string(open ? "\u2713 " : "    ") + p->title() + "###more_" + p->name();   // ✓
    if (ImGui::Selectable(label.c_str(), false, 0, big)) {
      if (open)
        v.set_open(p->name(), false);
      else
        v.bring_to_front(p->name());
    }
    remember_control((std::string("more:view:") + p->name()).c_str());
  }
  if (ImGui::Selectable("Default panels", false, 0, big)) apply_default_view();
  remember_control("more:view:default");
  if (ImGui::Selectable("Presenter mode (P)", false, 0, big)) toggle_presenter();
  remember_control("more:presenter");
  ImGui::Separator();
  help_button("?", kShortcuts, "help:shortcuts");
  ImGui::SameLine();
  ImGui::TextUnformatted("Keyboard shortcuts");
  ImGui::PopStyleVar();
  ImGui::EndPopup();
}

// Row 2 of the phone toolbar: previous, the shown panel (a tap lists the open ones), next.
void AppUi::panel_picker() {
  ViewState& v = app_.view();
  const std::vector<std::string> open = bpl::visible_panels(v, LayoutKind::Desktop, panel_names());
  const std::string cur = phone_panel(v, panel_names());
  const auto title = [&](const std::string& id) {
    for (const auto& p : panels_)
      if (id == p->name()) return std::string(p->title());
    return id;
  };
  const std::size_t n = open.size();
  const std::size_t i = static_cast<std::size_t>(std::find(open.begin(), open.end(), cur) - open.begin());
  const float touch = ImGui::GetFrameHeight();
  ImGui::BeginDisabled(n < 2);
  if (ImGui::Button("\u25C0###picker_prev", ImVec2(touch, 0))) v.bring_to_front(open[(i + n - 1) % n]);   // ◀
  remember_control("picker:prev");
  tooltip("The previous open panel");
  ImGui::EndDisabled();
  ImGui::SameLine();
  const float w = ImGui::GetContentRegionAvail().x - touch - ImGui::GetStyle().ItemSpacing.x;
  // The button says the panel's short name (its title up to the colon); the list, the whole title.
  const std::string full = title(cur), short_title = full.substr(0, full.find(':'));
  const std::string label = n == 0 ? std::string("No panel open###picker")
                                   : short_title + "  (" + std::to_string(i + 1) + " of " + std::to_string(n) + ") \u25BE###picker";
  if (ImGui::Button(label.c_str(), ImVec2(std::max(touch, w), 0))) ImGui::OpenPopup("##picker");
  remember_control("picker");
  tooltip("Choose the panel to show; More lists every panel.");
  // The list spans the toolbar's width, below the picker.
  const ImVec2 below(ImGui::GetWindowPos().x + ImGui::GetStyle().WindowPadding.x,
                     ImGui::GetItemRectMax().y + 0.3f * ImGui::GetFontSize());
  const float pw = ImGui::GetWindowWidth() - 2.0f * ImGui::GetStyle().WindowPadding.x;
  ImGui::SameLine();
  ImGui::BeginDisabled(n < 2);
  if (ImGui::Button("\u25B6###picker_next", ImVec2(touch, 0))) v.bring_to_front(open[(i + 1) % n]);   // ▶
  remember_control("picker:next");
  tooltip("The next open panel");
  ImGui::EndDisabled();
  ImGui::SetNextWindowPos(below, ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(pw, 0), ImVec2(pw, ImGui::GetMainViewport()->Size.y));
  if (ImGui::BeginPopup("##picker")) {
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    for (const std::string& id : open) {
      if (ImGui::Selectable(title(id).c_str(), id == cur, 0, ImVec2(0, touch))) v.bring_to_front(id);
      remember_control(("picker:" + id).c_str());
    }
    ImGui::PopStyleVar();
    ImGui::EndPopup();
  }
}

// The default panels' hand-made slots, but for the split of the top row between Training and
// Sketch: the Sketch cell is as wide as the largest square pad its height allows plus the
// reading's column of 9 font units beside it (panel_sketch.cpp), so the pad fills its panel at
// any size and Training gets the rest.
Slot AppUi::default_slot(const Panel& p, ImVec2 area, float gap) const {
  Slot s = p.slot();
  const std::string_view name = p.name();
  if (name != "sketch" && name != "training") return s;
  const ImGuiStyle& st = ImGui::GetStyle();
  const float font = ImGui::GetFontSize(), fh = ImGui::GetFrameHeight();
  const float content_h = p.slot().h * area.y - gap - fh - 2.0f * st.WindowPadding.y;   // below the title bar
  const float pad = content_h - fh - st.ItemSpacing.y;                                  // above Clear/Undo
  const float cell_w = pad + st.ItemSpacing.x + 9.0f * font + 2.0f * st.WindowPadding.x + gap + 2.0f;
  const float sketch_w = std::clamp(cell_w / area.x, 0.36f, 0.5f);
  if (name == "sketch") return {1.0f - sketch_w, s.y, sketch_w, s.h};
  return {s.x, s.y, 1.0f - s.x - sketch_w, s.h};   // Training: from the Network column to Sketch
}

void AppUi::draw_panels() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  const ViewState& view = app_.view();
  // The phone layout draws one panel, full width: a new kind or a new front panel lays out anew.
  const bool phone = kind_ == LayoutKind::Phone;
  const std::string front = phone ? phone_panel(view, panel_names()) : std::string();
  const bool resized = vp->Size.x != last_display_.x || vp->Size.y != last_display_.y || font != last_font_size_ ||
                       kind_ != last_kind_ || front != last_front_;
  // Panels opened in place (View menu, lab.showPanel) are placed alone: the open ones keep their
  // rectangles. Anything else that changed the view (a close, a lesson, a link) lays out afresh.
  const std::vector<std::string> open_now = bpl::visible_panels(view, kind_, panel_names());
  std::vector<std::string> added;
  const bool add_only = !relayout_ && !resized && kind_ == LayoutKind::Desktop && view.version != view_version_ &&
                        view.version == place_version_ && bpl::panels_added(placed_, open_now, &added);
  if (resized || view.version != view_version_) relayout_ = true;
  placed_ = open_now;
  last_kind_ = kind_;
  last_front_ = front;
  last_display_ = vp->Size;
  last_font_size_ = font;
  view_version_ = view.version;
  // The default set keeps its hand-made slots; any other set of open panels gets a grid.
  const bool use_slots = !view.presenter && default_view_open();
  // Grid layout: tall panels first, each a full-height column; the others share a grid in the
  // rest of the width (all of it when no tall panel is open).
  std::size_t n_tall = 0, n_grid = 0;
  for (const auto& p : panels_)
    if (view.is_open(p->name())) ++(p->prefers_tall() ? n_tall : n_grid);
  if (n_grid == 0) {   // only tall panels: they share the width as a grid would
    n_grid = n_tall;
    n_tall = 0;
  }
  const float tall_w = n_tall ? std::min(0.34f, 0.6f / float(n_tall)) : 0.0f;
  std::size_t tall_order = 0, grid_order = 0;

  // The area below the toolbar, with a gap between panels and around them.
  const float gap = std::round(0.4f * font);
  const float top = toolbar_rect_.y + toolbar_rect_.h;
  const ImVec2 a0(vp->Pos.x + 0.5f * gap, top + 0.5f * gap);
  const ImVec2 asz(std::max(1.0f, vp->Size.x - gap), std::max(1.0f, vp->Pos.y + vp->Size.y - top - gap));
  const float min_side = 4.0f * font;

  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                 (phone ? ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize : 0);
  for (std::size_t i = 0; i < panels_.size(); ++i) {
    Panel& p = *panels_[i];
    if (!view.is_open(p.name()) || (phone && front != p.name())) {
      rects_[i] = Rect{};
      continue;
    }
    if (relayout_) {
      const bool place = !add_only || std::find(added.begin(), added.end(), p.name()) != added.end();
      Slot s = use_slots ? default_slot(p, asz, gap) : p.slot();
      if (phone) {
        s = {0.0f, 0.0f, 1.0f, 1.0f};
      } else if (!use_slots && n_tall && p.prefers_tall()) {
        s = {float(tall_order++) * tall_w, 0.0f, tall_w, 1.0f};
      } else if (!use_slots) {
        const float x0 = float(n_tall) * tall_w;
        s = grid_slot(grid_order++, n_grid, (1.0f - x0) * asz.x / asz.y);
        s.x = x0 + s.x * (1.0f - x0);
        s.w *= 1.0f - x0;
      }
      const float x0 = std::round(a0.x + s.x * asz.x + 0.5f * gap);
      const float y0 = std::round(a0.y + s.y * asz.y + 0.5f * gap);
      const float x1 = std::round(a0.x + (s.x + s.w) * asz.x - 0.5f * gap);
      const float y1 = std::round(a0.y + (s.y + s.h) * asz.y - 0.5f * gap);
      if (place) {   // a new panel takes the cell a fresh layout would give it, over the others
        ImGui::SetNextWindowPos(ImVec2(x0, y0), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(std::max(min_side, x1 - x0), std::max(min_side, y1 - y0)), ImGuiCond_Always);
      }
    }
    const std::string label = std::string(p.title()) + "###" + p.name();
    bool open = true;
    if (ImGui::Begin(label.c_str(), &open, flags)) {
      if (p.needs_data() && !app_.has_data())
        ImGui::TextDisabled("Loading the digits...");
      else
        p.draw(app_);
    }
    // Panels may be moved, but never over the toolbar.
    ImVec2 pos = ImGui::GetWindowPos();
    if (pos.y < top) {
      pos.y = top;
      ImGui::SetWindowPos(pos);
    }
    const ImVec2 size = ImGui::GetWindowSize();
    rects_[i] = {pos.x, pos.y, size.x, size.y};
    ImGui::End();
    if (!open) app_.view().set_open(p.name(), false);   // the window's close button
  }
  relayout_ = false;
}

}  // namespace bpl::ui
