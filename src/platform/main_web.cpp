// Browser entry point: GLFW (Emscripten's library_glfw.js) on a WebGL2 canvas, Dear ImGui, and
// the frame loop. The page (index.html + web/loader.js) has already written the font into MEMFS
// before main() runs; it passes the digits CSV text through lab_load_data() (lab_api.cpp) once
// it is downloaded and decompressed, so the first frames are drawn while the data arrives.
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

#include "app/app_state.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform/web_app.hpp"
#include "ui/app_ui.hpp"

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr const char* kFontPath = "/DejaVuSans-subset.ttf";   // written by web/loader.js
constexpr double kTrainBudgetMs = 8.0;    // at least; more on a slow display (frame_train_budget_ms)
constexpr double kSettleMs = 750.0;      // keep drawing this long after input (hover, popups settle)
constexpr double kHeartbeatMs = 1000.0;  // an idle page still draws once a second
constexpr double kJobBudgetMs = 6.0;     // background jobs (gradient check, kNN CV, decision map)

struct Web {
  GLFWwindow* window = nullptr;
  bpl::AppState app;
  std::unique_ptr<bpl::ui::AppUi> ui;
  int fb_w = 0, fb_h = 0;          // canvas backing store (framebuffer) size
  double css_w = 1, css_h = 1;     // canvas CSS size
  float scale = 0;                 // fonts/style scale the atlas was built for
  double mouse_x = 0, mouse_y = 0; // CSS pixels relative to the canvas
  bool mouse_in = false;
  bpl::web::FrameTiming timing;
  // One finger acts as the left mouse button (sketching on a tablet or phone).
  long touch_id = -1;              // the finger being followed, -1: none
  bool touch_down = false;
  bool touch_pressed = false;      // went down since the last frame (a tap shorter than a frame)
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
EM_JS(char*, bpl_page_url, (), {
  var s = String(location.href).split('#')[0];
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

// Remembers the student's place in the lessons (web/loader.js restores it on the next visit).
EM_JS(void, bpl_save_lesson, (const char* id, int step), {
  try {
    if (id) localStorage.setItem('bpl.lesson', UTF8ToString(id) + ':' + step);
    else localStorage.removeItem('bpl.lesson');
  } catch (e) {}   // storage may be disabled: progress then lives in the link only
});

// Keeps My digits in this browser (web/files.js restores them on the next visit).
EM_JS(void, bpl_save_my_digits, (const char* text), {
  try {
    localStorage.setItem('bpl.my_digits', UTF8ToString(text));
  } catch (e) {   // storage full or disabled: they live until the page closes (Export keeps them)
    if (window.lab && window.lab._boot) window.lab._boot.reportError('My digits could not be kept in this browser (' + e.name + '): use Export to keep them');
  }
});

// Puts a share link in the address bar and, where the browser allows it, on the clipboard.
EM_JS(void, bpl_copy_link, (const char* text), {
  var t = UTF8ToString(text);
  try { history.replaceState(null, '', t); } catch (e) {}
  try { if (navigator.clipboard) navigator.clipboard.writeText(t).catch(function () {}); } catch (e) {}
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
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART && g->touch_id < 0) {
      g->touch_id = static_cast<long>(t.identifier);
      g->touch_down = g->touch_pressed = true;
    } else if (static_cast<long>(t.identifier) != g->touch_id) {
      continue;
    } else if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
      g->touch_id = -1;
      g->touch_down = false;
    }
    g->mouse_x = static_cast<double>(t.targetX);
    g->mouse_y = static_cast<double>(t.targetY);
    g->mouse_in = true;
  }
  return EM_TRUE;   // no emulated mouse events, no scrolling or zooming of the page
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
      emscripten_set_canvas_element_size(kCanvas, fw, fh);
      g->fb_w = fw;
      g->fb_h = fh;
    }
  }
  return static_cast<float>(dpr);
}

void build_fonts_and_style(float scale, bool upload) {
  bpl::ui::load_fonts(kFontPath, bpl::ui::kBaseFontPx * scale, scale);
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
      EM_ASM({ if (window.labFiles) window.labFiles.download(UTF8ToString($0), UTF8ToString($1)); }, text.c_str(),
             name.c_str());
    }
  }
  if (s.import_model_request) {
    s.import_model_request = false;
    EM_ASM({ if (window.labFiles) window.labFiles.openPicker(); });
  }
  // My digits: a strokes JSON file (the Data panel's Export / Import).
  if (s.export_my_digits_request) {
    s.export_my_digits_request = false;
    const std::string text = g->app.export_my_digits();
    EM_ASM({ if (window.labFiles) window.labFiles.download(UTF8ToString($0), 'my-digits.json'); }, text.c_str());
  }
  if (s.import_my_digits_request) {
    s.import_my_digits_request = false;
    EM_ASM({ if (window.labFiles) window.labFiles.openMyDigitsPicker(); });
  }
}

void frame() {
  const double now = emscripten_get_now();
  if (!wants_frame(now)) {
    ++g->skipped;
    return;
  }
  g->last_drawn_ms = now;
  // The device pixel ratio times the UI scale of the View menu: fonts are rebuilt at the new
  // size (crisp at any ratio), never stretched.
  const float scale = update_canvas_size() * g->app.view().ui_scale();
  // Browser zoom or a move to another screen changes the ratio: rebuild the font atlas.
  if (std::fabs(scale - g->scale) > 0.01f) build_fonts_and_style(scale, true);

  const double t0 = emscripten_get_now();
  if (g->app.any_training())
    g->app.train_for(bpl::frame_train_budget_ms(g->timing.ui_ms + g->timing.render_ms, kTrainBudgetMs));
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
  if (g->touch_down || g->touch_pressed) io.MouseDown[0] = true;
  g->touch_pressed = false;
  for (int i = 0; i < 8; ++i) {
    if (int k = g->keys_forced[i]) io.KeysDown[k] = glfwGetKey(g->window, k) == GLFW_PRESS;
    g->keys_forced[i] = g->keys_pressed[i];
    if (int k = g->keys_pressed[i]) io.KeysDown[k] = true;
    g->keys_pressed[i] = 0;
  }

  ImGui::NewFrame();
  g->ui->frame();
  ImGui::Render();
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
    EM_ASM({ if (Module.bplFail) Module.bplFail("WebGL 2 is not available", "Could not create a WebGL 2 context."); });
    return 1;
  }
  glfwMakeContextCurrent(g->window);
  // glfwCreateWindow set the canvas size itself; make sure it is the HiDPI one.
  g->fb_w = g->fb_h = 0;
  update_canvas_size();

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;   // the layout comes from the panels' slots, not from a saved file
  // Every control reachable from the keyboard (Tab, arrows, Space/Enter; N switches panels,
  // src/ui/app_ui.cpp), with a visible focus ring (ui::draw_focus_ring).
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.LogFilename = nullptr;
  ImGui_ImplGlfw_InitForOpenGL(g->window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
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
  emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, EM_TRUE, on_key);

  g->ui = std::make_unique<bpl::ui::AppUi>(g->app);
  emscripten_set_main_loop(frame, 0, EM_TRUE);
  return 0;
}
