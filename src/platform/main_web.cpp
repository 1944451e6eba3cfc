// Browser entry point: GLFW (Emscripten's library_glfw.js) on a WebGL2 canvas, Dear ImGui, and
// the frame loop. The page (index.html + web/loader.js) has already fetched the font before main()
// runs (main takes its bytes through the heap: the build has no file system); it passes the
// digits CSV and the pen digits' text through lab_load_data() (lab_api.cpp) once they are
// downloaded and decompressed, so the first frames are drawn while the data arrives.
//
// HiDPI: every frame the canvas backing store is sized to its CSS size x devicePixelRatio, and
// ImGui works in those framebuffer pixels (io.DisplaySize = framebuffer size, scale 1) with
// fonts and style scaled by the ratio. The mouse position is taken from the DOM event's
// target-relative CSS coordinates times the same ratio, so it does not depend on how a given
// Emscripten version's GLFW scales cursor coordinates (3.1.6 reports canvas pixels; newer ones
// can report CSS pixels when HiDPI-aware).
//
// An idle page rests: when nothing trains or computes (AppState::busy()), no widget is active
// and no input arrived for kSettleMs, frame() returns at once instead of building and drawing
// the UI; one frame per kHeartbeatMs keeps the status fresh. Input wakes it at once: web/lab.js
// calls lab_wake() (lab_api.cpp) on every pointer, key, wheel, touch, resize, focus and
// drag event of the page, and every window.lab call that changes something wakes it too.
//
// Scrolling (wheel, trackpad, touch) is handled here rather than by Emscripten's GLFW, whose
// 3.1.6 wheel emulation passes the DOM's deltaY (100 per notch, down positive) as a GLFW offset
// (up positive, one unit = five lines in ImGui): the wrong way, a hundred times too far. The DOM
// 'wheel' event's deltas are turned into pixels (deltaMode 0: pixels, 1: lines of the UI font,
// 2: pages of the scrolled region) and scroll the region under the pointer by exactly that much,
// the way ImGui picks it (a child region that cannot scroll passes it to its parent; a wheeling
// window stays locked while the pointer rests). A finger that goes down where no control takes it
// (a panel's content, not a button, slider or the sketch pad) scrolls that region with the content
// following the finger; a window moves only by its title bar.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "app/app_state.hpp"
#include "app/notebook_export.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_internal.h"   // the window under the pointer and its scroll (ImGuiContext)
#include "imgui_impl_opengl3.h"
#include "platform/text_agent.hpp"
#include "platform/gl_state_web.hpp"
#include "platform/web_app.hpp"
#include "ui/app_ui.hpp"
#include "ui/item_registry.hpp"

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr double kTrainBudgetMs = 8.0;    // at least; more on a slow display (frame_train_budget_ms)
constexpr double kSettleMs = 750.0;      // keep drawing this long after input (hover, popups settle)
constexpr double kHeartbeatMs = 1000.0;  // an idle page still draws once a second
constexpr double kFramePeriodMaxMs = 250.0;   // a longer gap is a pause (idle page, hidden tab)
constexpr double kJobBudgetMs = 6.0;     // background jobs (gradient check, kNN CV, decision map)

struct Web {
  GLFWwindow* window = nullptr;
  bpl::AppState app;
  std::unique_ptr<bpl::ui::AppUi> ui;
  int fb_w = 0, fb_h = 0;          // canvas backing store (framebuffer) size
  double css_w = 1, css_h = 1;     // canvas CSS size
  float scale = 0;                 // fonts/style scale the atlas was built for
  std::vector<unsigned char> font; // the UI font file (web/loader.js fetched it before main())
  double mouse_x = 0, mouse_y = 0; // CSS pixels relative to the canvas
  bool mouse_in = false;
  bpl::web::FrameTiming timing;
  // One finger acts as the left mouse button (sketching on a tablet or phone).
  long touch_id = -1;              // the finger being followed, -1: none
  bool touch_down = false;
  bool touch_pressed = false;      // went down since the last frame (a tap shorter than a frame)
  // What the finger does: undecided until the frame that saw it go down has run; then it either
  // presses what it went down on (a control, a title bar) or scrolls the region under it.
  enum class TouchMode { kNone, kUndecided, kPress, kScroll } touch_mode = TouchMode::kNone;
  double touch_start_x = 0, touch_start_y = 0; // CSS pixels, where the finger went down
  double touch_last_x = 0, touch_last_y = 0;   // CSS pixels, the finger's last position
  double touch_scroll_x = 0, touch_scroll_y = 0;   // CSS pixels to scroll by (not applied yet)
  ImGuiID touch_scroll_window = 0;  // the region the finger scrolls
  // Wheel and trackpad deltas not applied yet, in the DOM's units: [0] pixels, [1] lines, [2] pages.
  double wheel_x[3] = {}, wheel_y[3] = {};
  // Keys pressed since the last frame (kLatched: the arrows and the keyboard-navigation keys;
  // GLFW key codes; 0: none). GLFW's callback sets io.KeysDown only while a key is down, so a
  // press and release within one frame (a quick tap, or a slow frame) would never be seen; the
  // latch holds the key down for one frame.
  int keys_pressed[8] = {};
  int keys_forced[8] = {};   // held down by the latch last frame: give them back to GLFW
  unsigned long long frames = 0;
  unsigned long long lesson_saved = 0;   // the LessonProgress version last written to storage
  unsigned long long my_digits_saved = 0;   // the MyDigits version last written (0: none seen yet)
  unsigned long long skipped = 0;  // animation frames skipped while idle
  double last_input_ms = 0;        // emscripten_get_now() of the last input (lab_wake)
  double last_drawn_ms = 0;
};

Web* g = nullptr;   // lives for the whole page

// The page's address without its fragment (for share links), as a malloc'ed string.
// The JavaScript in these EM_JS/EM_ASM blocks goes through the Closure Compiler with the rest of
// Emscripten's output (app.cmake): everything outside it (the page's scripts, browser objects it
// may not know) is reached by quoted names, which it never renames.
EM_JS(char*, bpl_page_url, (), {
  var s = String(window['location']['href']).split('#')[0];
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// The UI font file's bytes, fetched by web/loader.js before main() ran (Module.bplFont, a
// Uint8Array). The page has no file system: bytes come through the heap.
EM_JS(int, bpl_font_length, (), { return Module['bplFont'] ? Module['bplFont'].length : 0; });
EM_JS(void, bpl_font_take, (unsigned char* dst), {
  HEAPU8.set(Module['bplFont'], dst);
  Module['bplFont'] = null;
});

std::vector<unsigned char> take_font() {
  std::vector<unsigned char> bytes(static_cast<std::size_t>(bpl_font_length()));
  if (!bytes.empty()) bpl_font_take(bytes.data());
  return bytes;
}

// Remembers the student's place in the lessons (web/loader.js restores it on the next visit).
EM_JS(void, bpl_save_lesson, (const char* id, int step), {
  try {
    if (id) window['localStorage']['setItem']('bpl.lesson', UTF8ToString(id) + ':' + step);
    else window['localStorage']['removeItem']('bpl.lesson');
  } catch (e) {}   // storage may be disabled: progress then lives in the link only
});

// Keeps My digits in this browser (web/files.js restores them on the next visit).
EM_JS(void, bpl_save_my_digits, (const char* text), {
  try {
    window['localStorage']['setItem']('bpl.my_digits', UTF8ToString(text));
  } catch (e) {   // storage full or disabled: they live until the page closes (Export keeps them)
    var lab = window['lab'];
    if (lab && lab['_boot']) lab['_boot']['reportError']('My digits could not be kept in this browser (' + e['name'] + '): use Export to keep them');
  }
});

// Puts a share link in the address bar and, where the browser allows it, on the clipboard.
EM_JS(void, bpl_copy_link, (const char* text), {
  var t = UTF8ToString(text);
  try { window['history']['replaceState'](null, document['title'], t); } catch (e) {}
  try {
    var clip = window['navigator']['clipboard'];
    if (clip) clip['writeText'](t)['catch'](function () {});
  } catch (e) {}
});

EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void*) {
  if (!g) return EM_FALSE;
  g->last_input_ms = emscripten_get_now();
  g->mouse_x = static_cast<double>(e->targetX);
  g->mouse_y = static_cast<double>(e->targetY);
  g->mouse_in = type != EMSCRIPTEN_EVENT_MOUSELEAVE;
  return EM_FALSE;   // let GLFW see the event too (buttons, focus)
}

EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void*) {
  if (!g) return EM_FALSE;
  g->last_input_ms = emscripten_get_now();
  for (int i = 0; i < e->numTouches; ++i) {
    const EmscriptenTouchPoint& t = e->touches[i];
    if (!t.isChanged) continue;
    const double x = static_cast<double>(t.targetX), y = static_cast<double>(t.targetY);
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART && g->touch_id < 0) {
      g->touch_id = static_cast<long>(t.identifier);
      g->touch_down = g->touch_pressed = true;
      g->touch_mode = Web::TouchMode::kUndecided;
      g->touch_scroll_x = g->touch_scroll_y = 0;
      g->touch_start_x = g->touch_last_x = static_cast<double>(t.targetX);
      g->touch_start_y = g->touch_last_y = static_cast<double>(t.targetY);
    } else if (static_cast<long>(t.identifier) != g->touch_id) {
      continue;
    } else if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
      g->touch_id = -1;
      g->touch_down = false;
    }
    if (g->touch_mode == Web::TouchMode::kScroll) {
      // The content follows the finger: a finger moving up scrolls down. The pointer stays where
      // the finger went down, so nothing under the moving finger is hovered or pressed.
      g->touch_scroll_x += g->touch_last_x - x;
      g->touch_scroll_y += g->touch_last_y - y;
    } else {
      g->mouse_x = x;
      g->mouse_y = y;
      g->mouse_in = true;
    }
    g->touch_last_x = x;
    g->touch_last_y = y;
  }
  return EM_TRUE;   // no emulated mouse events, no scrolling or zooming of the page
}

EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void*) {
  if (!g) return EM_FALSE;
  if (e->mouse.ctrlKey) return EM_FALSE;   // Ctrl+wheel (and a pinch) zooms the page: the browser's
  g->last_input_ms = emscripten_get_now();
  const unsigned long mode = std::min<unsigned long>(e->deltaMode, 2);
  g->wheel_x[mode] += e->deltaX;
  g->wheel_y[mode] += e->deltaY;
  g->mouse_x = static_cast<double>(e->mouse.targetX);
  g->mouse_y = static_cast<double>(e->mouse.targetY);
  g->mouse_in = true;
  return EM_TRUE;   // the page itself does not scroll
}

// The region a scroll along `axis` (0: x, 1: y) over `w` moves, as ImGui picks it for the wheel:
// a child region that cannot scroll that way (or ignores the wheel) passes it to its parent.
ImGuiWindow* scroll_region(ImGuiWindow* w, int axis) {
  while (w && (w->Flags & ImGuiWindowFlags_ChildWindow) &&
         (w->ScrollMax[axis] == 0.0f ||
          ((w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs))))
    w = w->ParentWindow;
  if (!w || (w->Flags & (ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMouseInputs))) return nullptr;
  return w;
}

// Scrolls `w` by `px` framebuffer pixels along `axis` (positive: towards the end); ImGui clamps.
void scroll_by(ImGuiWindow* w, int axis, float px) {
  if (!w || px == 0.0f) return;
  if (axis == 0)
    ImGui::SetScrollX(w, w->Scroll.x + px);
  else
    ImGui::SetScrollY(w, w->Scroll.y + px);
}

// Applies the wheel deltas gathered since the last frame (call right after ImGui::NewFrame: the
// hovered window is known, and the scroll lands in this frame's Begin).
void apply_wheel(float css_to_fb) {
  ImGuiContext& c = *ImGui::GetCurrentContext();
  double* deltas[2] = {g->wheel_x, g->wheel_y};
  bool any = false;
  for (double* d : deltas) any = any || d[0] != 0.0 || d[1] != 0.0 || d[2] != 0.0;
  if (!any) return;
  ImGuiWindow* hovered = c.WheelingWindow ? c.WheelingWindow : c.HoveredWindow;
  const bool blocked = (c.ActiveId != 0 && c.ActiveIdUsingMouseWheel) ||
                       (c.HoveredIdPreviousFrame != 0 && c.HoveredIdPreviousFrameUsingMouseWheel);
  if (hovered && !hovered->Collapsed && !blocked) {
    for (int axis = 0; axis < 2; ++axis) {
      const double* d = deltas[axis];
      if (d[0] == 0.0 && d[1] == 0.0 && d[2] == 0.0) continue;
      ImGuiWindow* w = scroll_region(hovered, axis);
      if (!w) continue;
      const float line = ImGui::GetTextLineHeightWithSpacing();   // framebuffer pixels
      const float page = axis == 0 ? w->InnerRect.GetWidth() : w->InnerRect.GetHeight();
      scroll_by(w, axis, static_cast<float>(d[0] * css_to_fb + d[1] * line + d[2] * page));
    }
    // Keep scrolling this window while the pointer rests, even when a child slides under it.
    c.WheelingWindow = hovered;
    c.WheelingWindowRefMousePos = c.IO.MousePos;
    c.WheelingWindowTimer = 2.0f;
  }
  for (double* d : deltas) d[0] = d[1] = d[2] = 0.0;
}

// The finger scrolls `w` from now on, the content catching up with where the finger went since
// it went down.
void start_touch_scroll(ImGuiWindow* w) {
  g->touch_mode = Web::TouchMode::kScroll;
  g->touch_scroll_window = w->ID;
  g->touch_scroll_x = g->touch_start_x - g->touch_last_x;
  g->touch_scroll_y = g->touch_start_y - g->touch_last_y;
}

// After the frame that saw a finger go down: a control (or a title bar, a resize grip) took it,
// or it went down on a panel's content and scrolls that (ImGui activates only the window's
// move id there, and with ConfigWindowsMoveFromTitleBarOnly does not move it).
void decide_touch() {
  ImGuiContext& c = *ImGui::GetCurrentContext();
  const bool on_content =
      c.ActiveId == 0 || (c.ActiveIdWindow && c.ActiveId == c.ActiveIdWindow->MoveId && c.MovingWindow == nullptr);
  ImGuiWindow* w = on_content ? (c.ActiveIdWindow ? c.ActiveIdWindow : c.HoveredWindow) : nullptr;
  if (w)
    start_touch_scroll(w);
  else
    g->touch_mode = Web::TouchMode::kPress;
}

// A finger that went down on a button-like control (a digit thumbnail, a weight tile, a button)
// and then moves further than a slop scrolls instead, as on a phone: the press is cancelled (no
// click). Controls that drag keep the finger: sliders, drag fields and text fields (ImGui claims
// the arrow keys for them), the sketch pad, scrollbars and resize grips (outside the region's
// inner clip rectangle), a title bar moving its window.
void maybe_turn_press_into_scroll() {
  ImGuiContext& c = *ImGui::GetCurrentContext();
  const double dx = g->touch_last_x - g->touch_start_x, dy = g->touch_last_y - g->touch_start_y;
  const double css_per_fb = g->css_h / std::max(1, g->fb_h);
  const double slop = 0.6 * ImGui::GetFontSize() * css_per_fb;   // CSS pixels
  if (dx * dx + dy * dy < slop * slop) return;
  ImGuiWindow* w = c.ActiveIdWindow;
  if (c.ActiveId == 0 || !w || c.MovingWindow || c.ActiveIdUsingNavDirMask != 0) return;
  const ImVec2 start(static_cast<float>(g->touch_start_x / css_per_fb), static_cast<float>(g->touch_start_y / css_per_fb));
  const ImVec4 pad = bpl::ui::shared().sketch_pad_rect;
  if (pad.z > 0 && start.x >= pad.x && start.y >= pad.y && start.x < pad.x + pad.z && start.y < pad.y + pad.w) return;
  if (!w->InnerClipRect.Contains(start)) return;
  ImGui::ClearActiveID();
  start_touch_scroll(w);
}

// Scrolls the region under a scrolling finger by what the finger moved since the last frame.
void apply_touch_scroll(float css_to_fb) {
  if (g->touch_mode != Web::TouchMode::kScroll) return;
  ImGuiWindow* w = ImGui::FindWindowByID(g->touch_scroll_window);
  if (w) {
    scroll_by(scroll_region(w, 0), 0, static_cast<float>(g->touch_scroll_x * css_to_fb));
    scroll_by(scroll_region(w, 1), 1, static_cast<float>(g->touch_scroll_y * css_to_fb));
  }
  g->touch_scroll_x = g->touch_scroll_y = 0;
}

// The keys the latch holds (DOM KeyboardEvent.key -> GLFW key code): the Backprop stepper's
// arrows and what ImGui's keyboard navigation reads (Tab, Space, Enter, Escape, arrows).
constexpr struct {
  const char* key;
  int glfw;
} kLatched[8] = {{"ArrowLeft", GLFW_KEY_LEFT}, {"ArrowRight", GLFW_KEY_RIGHT}, {"ArrowUp", GLFW_KEY_UP},
                 {"ArrowDown", GLFW_KEY_DOWN}, {"Tab", GLFW_KEY_TAB},         {" ", GLFW_KEY_SPACE},
                 {"Enter", GLFW_KEY_ENTER},    {"Escape", GLFW_KEY_ESCAPE}};

EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void*) {
  if (!g || type != EMSCRIPTEN_EVENT_KEYDOWN) return EM_FALSE;
  for (int i = 0; i < 8; ++i)
    if (std::strcmp(e->key, kLatched[i].key) == 0) g->keys_pressed[i] = kLatched[i].glfw;
  return EM_FALSE;   // GLFW sees the event too
}

// Sizes the backing store to CSS size x devicePixelRatio; returns the UI scale.
float update_canvas_size() {
  double w = 0, h = 0;
  emscripten_get_element_css_size(kCanvas, &w, &h);
  const double dpr = std::max(0.5, std::min(4.0, emscripten_get_device_pixel_ratio()));
  if (w >= 1 && h >= 1) {
    g->css_w = w;
    g->css_h = h;
    const int fw = std::max(1, static_cast<int>(std::lround(w * dpr)));
    const int fh = std::max(1, static_cast<int>(std::lround(h * dpr)));
    if (fw != g->fb_w || fh != g->fb_h) {
      // Setting a canvas's size reallocates its drawing buffer even to the same size (and
      // Emscripten's setter reads the viewport back from the GPU process first): only on change.
      int cw = 0, ch = 0;
      emscripten_get_canvas_element_size(kCanvas, &cw, &ch);
      if (cw != fw || ch != fh) emscripten_set_canvas_element_size(kCanvas, fw, fh);
      g->fb_w = fw;
      g->fb_h = fh;
    }
  }
  return static_cast<float>(dpr);
}

void build_fonts_and_style(float scale, bool upload) {
  bpl::ui::load_fonts(g->font, bpl::ui::kBaseFontPx * scale, scale);
  bpl::ui::apply_style(scale);
  bpl::ui::shared().scale = scale;
  if (upload) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  g->scale = scale;
}

// Whether this animation frame must build and draw the UI (see the comment at the top).
bool wants_frame(double now) {
  if (g->app.busy() || g->touch_down || g->touch_pressed) return true;
  if (now - g->last_input_ms < kSettleMs) return true;
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsAnyItemActive() || io.WantTextInput) return true;   // a drag or an edit in progress
  for (bool down : io.MouseDown)
    if (down) return true;
  return now - g->last_drawn_ms >= kHeartbeatMs;
}

// Model files need the browser (web/files.js): a download, a file picker.
void handle_model_requests() {
  bpl::ui::UiShared& s = bpl::ui::shared();
  if (s.export_model_request) {
    s.export_model_request = false;
    if (g->app.has_data()) {
      const std::string text = g->app.export_model();
      std::string name = "backprop-lab-" + std::to_string(bpl::kPixels);
      for (int h : g->app.config().arch.hidden) name += "-" + std::to_string(h);
      name += "-" + std::to_string(bpl::kClasses) + ".json";
      EM_ASM({ var f = window['labFiles']; if (f) f['download'](UTF8ToString($0), UTF8ToString($1)); }, text.c_str(),
             name.c_str());
    }
  }
  if (s.export_notebook_request) {
    s.export_notebook_request = false;
    if (g->app.has_data()) {
      const bpl::Result<std::string> nb = bpl::export_notebook(g->app);
      if (!nb.ok()) {
        g->app.set_error("Export as notebook: " + nb.message());
      } else {
        const std::string name = bpl::notebook_file_name(g->app.config().arch);
        EM_ASM({ var f = window['labFiles']; if (f) f['download'](UTF8ToString($0), UTF8ToString($1), 'application/x-ipynb+json'); },
               nb.value.c_str(), name.c_str());
      }
    }
  }
  if (s.import_model_request) {
    s.import_model_request = false;
    EM_ASM({ var f = window['labFiles']; if (f) f['openPicker'](); });
  }
  // My digits: a strokes JSON file (the Data panel's Export / Import).
  if (s.export_my_digits_request) {
    s.export_my_digits_request = false;
    const std::string text = g->app.export_my_digits();
    EM_ASM({ var f = window['labFiles']; if (f) f['download'](UTF8ToString($0), 'my-digits.json'); }, text.c_str());
  }
  if (s.import_my_digits_request) {
    s.import_my_digits_request = false;
    EM_ASM({ var f = window['labFiles']; if (f) f['openMyDigitsPicker'](); });
  }
}

void frame() {
  const double now = emscripten_get_now();
  if (!wants_frame(now)) {
    ++g->skipped;
    return;
  }
  // The time since the last drawn frame began, when frames follow each other (a slow GPU's
  // raster shows here, not in this thread's drawing time: the WebGL calls only queue work).
  const double period = now - g->last_drawn_ms;
  const double frame_ms = period < kFramePeriodMaxMs ? period : 0.0;
  g->last_drawn_ms = now;
  // The device pixel ratio times the UI scale of the View menu: fonts are rebuilt at the new
  // size (crisp at any ratio), never stretched.
  const float scale = update_canvas_size() * g->app.view().ui_scale();
  // Browser zoom or a move to another screen changes the ratio: rebuild the font atlas.
  if (std::fabs(scale - g->scale) > 0.01f) build_fonts_and_style(scale, true);

  const double t0 = emscripten_get_now();
  if (g->app.any_training())
    g->app.train_for(bpl::frame_train_budget_ms(std::max(g->timing.ui_ms + g->timing.render_ms, frame_ms), kTrainBudgetMs));
  g->app.run_jobs(kJobBudgetMs);   // gradient check, kNN CV, decision map: a slice per frame
  const double t1 = emscripten_get_now();

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(g->fb_w), static_cast<float>(g->fb_h));
  io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  if (g->mouse_in)
    io.MousePos = ImVec2(static_cast<float>(g->mouse_x * g->fb_w / g->css_w),
                         static_cast<float>(g->mouse_y * g->fb_h / g->css_h));
  else
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  // A finger is the left button, except while it scrolls (the press of its first frame is then
  // released, as a click on empty space).
  const bool touch_undecided = g->touch_mode == Web::TouchMode::kUndecided;
  if ((g->touch_down || g->touch_pressed) && g->touch_mode != Web::TouchMode::kScroll) io.MouseDown[0] = true;
  g->touch_pressed = false;
  for (int i = 0; i < 8; ++i) {
    if (int k = g->keys_forced[i]) io.KeysDown[k] = glfwGetKey(g->window, k) == GLFW_PRESS;
    g->keys_forced[i] = g->keys_pressed[i];
    if (int k = g->keys_pressed[i]) io.KeysDown[k] = true;
    g->keys_pressed[i] = 0;
  }
  bpl::web::text_agent_before_frame(io, touch_undecided && io.MouseDown[0]);   // web/text_agent.js

  ImGui::NewFrame();
  const float css_to_fb = static_cast<float>(g->fb_h / g->css_h);
  apply_wheel(css_to_fb);
  apply_touch_scroll(css_to_fb);
  g->ui->frame();
  ImGui::Render();
  bpl::web::text_agent_after_frame(g->css_w / std::max(1, g->fb_w));
  if (touch_undecided)
    decide_touch();
  else if (g->touch_mode == Web::TouchMode::kPress && g->touch_down)
    maybe_turn_press_into_scroll();
  if (!g->touch_down && !g->touch_pressed) g->touch_mode = Web::TouchMode::kNone;
  const double t2 = emscripten_get_now();
  const bpl::LessonProgress& lp = g->app.lesson_progress();
  if (lp.version() != g->lesson_saved) {
    g->lesson_saved = lp.version();
    bpl_save_lesson(lp.current_lesson() ? lp.current_lesson()->id.c_str() : nullptr, lp.step());
  }
  const unsigned long long mdv = g->app.my_digits().version();
  if (mdv != g->my_digits_saved) {   // the first version seen is the empty store: nothing to write
    if (g->my_digits_saved != 0) bpl_save_my_digits(g->app.export_my_digits().c_str());
    g->my_digits_saved = mdv;
  }
  if (bpl::ui::shared().copy_request) {
    bpl::ui::shared().copy_request = false;
    bpl_copy_link(bpl::ui::shared().copy_text.c_str());
  }

  glViewport(0, 0, g->fb_w, g->fb_h);
  bpl::web::gl_state_viewport(g->fb_w, g->fb_h);   // what the backend restores after drawing
  glClearColor(0.88f, 0.895f, 0.915f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  g->timing = {t1 - t0, t2 - t1, emscripten_get_now() - t2};
  ++g->frames;
  handle_model_requests();
}

}  // namespace

namespace bpl::web {
AppState* app() { return g ? &g->app : nullptr; }
ui::AppUi* ui() { return g && g->ui ? g->ui.get() : nullptr; }
unsigned long long frames() { return g ? g->frames : 0; }
unsigned long long skipped_frames() { return g ? g->skipped : 0; }
void wake() {
  if (g) g->last_input_ms = emscripten_get_now();
}
FrameTiming last_frame_timing() { return g ? g->timing : FrameTiming(); }
}  // namespace bpl::web

int main() {
  g = new Web();
  if (!glfwInit()) {
    std::fprintf(stderr, "glfwInit failed\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_SAMPLES, 0);
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_ALPHA_BITS, 0);   // same attributes as the probe in web/loader.js
  update_canvas_size();
  g->window = glfwCreateWindow(std::max(1, g->fb_w), std::max(1, g->fb_h), "Backprop Lab", nullptr, nullptr);
  if (!g->window) {
    std::fprintf(stderr, "Could not create a WebGL 2 context\n");
    EM_ASM({ if (Module['bplFail']) Module['bplFail']("WebGL 2 is not available", "Could not create a WebGL 2 context."); });
    return 1;
  }
  glfwMakeContextCurrent(g->window);
  // glfwCreateWindow set the canvas size itself; make sure it is the HiDPI one.
  g->fb_w = g->fb_h = 0;
  update_canvas_size();

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  bpl::ui::install_item_registry(ImGui::GetCurrentContext());   // every item of a frame (lab.controls())
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;   // the layout comes from the panels' slots, not from a saved file
  // Every control reachable from the keyboard (Tab, arrows, Space/Enter; N switches panels,
  // src/ui/app_ui.cpp), with a visible focus ring (ui::draw_focus_ring).
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  // Dragging a panel's content scrolls it (a finger) or does nothing (a mouse): only the title
  // bar moves a window.
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(g->window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  glfwSetScrollCallback(g->window, nullptr);   // the wheel comes through on_wheel (see the top)
  g->font = take_font();
  if (g->font.empty()) {   // web/loader.js fetched it before main(); the build has no other font
    EM_ASM({ if (Module['bplFail']) Module['bplFail']("Could not load Backprop Lab", "The interface font did not arrive."); });
    return 1;
  }
  build_fonts_and_style(update_canvas_size() * g->app.view().ui_scale(), false);
  if (char* url = bpl_page_url()) {
    bpl::ui::shared().page_url = url;
    std::free(url);
  }

  emscripten_set_mousemove_callback(kCanvas, nullptr, EM_TRUE, on_mouse);
  emscripten_set_mousedown_callback(kCanvas, nullptr, EM_TRUE, on_mouse);
  emscripten_set_mouseenter_callback(kCanvas, nullptr, EM_TRUE, on_mouse);
  emscripten_set_mouseleave_callback(kCanvas, nullptr, EM_TRUE, on_mouse);
  emscripten_set_touchstart_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_touchmove_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_touchend_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_touchcancel_callback(kCanvas, nullptr, EM_TRUE, on_touch);
  emscripten_set_wheel_callback(kCanvas, nullptr, EM_TRUE, on_wheel);
  emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_key);

  g->ui = std::make_unique<bpl::ui::AppUi>(g->app);
  emscripten_set_main_loop(frame, 0, EM_TRUE);
  return 0;
}
