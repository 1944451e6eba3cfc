// C exports behind window.lab (web/lab.js), browser build only. Values cross the boundary as
// JSON strings (nlohmann/json) or plain numbers. Nothing here may throw: Emscripten aborts on an
// uncaught exception, so JSON is parsed with allow_exceptions = false, every value is
// type-checked before it is read, and dump() replaces invalid UTF-8 instead of throwing.
// Returned strings live until the next call of any lab_* function (JS copies them at once).
// Rectangles are in ImGui coordinates (framebuffer pixels); web/lab.js converts them to CSS
// pixels of the page.
#include <emscripten.h>

#include <malloc.h>

#include <cmath>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "app/app_state.hpp"
#include "app/figure_text.hpp"
#include "app/gradcheck_job.hpp"
#include "app/lab_json.hpp"
#include "app/lesson_api.hpp"
#include "app/notebook_export.hpp"
#include "app/race.hpp"
#include "data/strokes_io.hpp"
#include "data/pen.hpp"
#include "platform/web_app.hpp"
#include "train/benchmarks.hpp"
#include "train/config_json.hpp"
#include "imgui.h"
#include "imgui_internal.h"   // lab_scroll: a panel's windows and their scroll
#include "train/model_io.hpp"
#include "ui/app_ui.hpp"
#include "ui/item_registry.hpp"

namespace {

using nlohmann::json;

std::string g_ret;   // storage of the last returned string

const char* ret(std::string s) {
  g_ret = std::move(s);
  return g_ret.c_str();
}

const char* ret(const json& j) { return ret(j.dump(-1, ' ', false, json::error_handler_t::replace)); }

using bpl::lab_json::number_or_null;   // src/app/lab_json.hpp

json rect_json(float x, float y, float w, float h) { return json{{"x", x}, {"y", y}, {"w", w}, {"h", h}}; }

constexpr const char* kNotStarted = "Backprop Lab has not started yet";

// The text ImGui shows for a label ("Pause###play" -> "Pause", "##eps" -> "").
std::string shown_label(std::string_view label) { return std::string(label.substr(0, label.find("##"))); }

// A panel's window title as shown ("toolbar" for the toolbar); panels are "Title###name".
std::string panel_title(const std::string& panel) {
  if (panel == "toolbar") return "Toolbar";
  const ImGuiWindow* w = ImGui::FindWindowByName(("###" + panel).c_str());
  return w ? shown_label(w->Name) : panel;
}

}  // namespace

extern "C" {

// The digits CSV text and the real pen digits' text (augmentation.pen; both decompressed by the
// page). Starts training on success. Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_load_data(const char* csv, const char* pen) {
  bpl::AppState* app = bpl::web::app();
  bpl::ui::AppUi* ui = bpl::web::ui();
  if (!app || !ui) return ret(std::string(kNotStarted));
  if (!csv) return ret(std::string("no data"));
  if (!pen) return ret(std::string("no pen digits"));
  if (const bpl::Status p = bpl::install_pen_text(pen); !p.ok()) return ret("the pen digits: " + p.message());
  const bpl::Status s = app->load_data_csv(std::string_view(csv));
  if (!s.ok()) return ret(s.message());
  ui->set_training(true);   // the default network trains by itself on load
  return ret(std::string());
}

EMSCRIPTEN_KEEPALIVE double lab_frames() { return static_cast<double>(bpl::web::frames()); }

// Bytes malloc'd right now (the wasm heap itself only grows): lab.memory() for the soak run.
EMSCRIPTEN_KEEPALIVE double lab_heap_in_use() { return static_cast<double>(mallinfo().uordblks); }
EMSCRIPTEN_KEEPALIVE double lab_heap_size() { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0; }

EMSCRIPTEN_KEEPALIVE const char* lab_state() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  json j;
  const bpl::Trainer& t = app->trainer();
  const bool has = app->has_data();
  j["has_data"] = has;
  j["iteration"] = has ? t.iteration() : 0;
  j["epoch"] = has ? number_or_null(t.epoch()) : json(0.0);
  j["training"] = app->training();
  j["stopped"] = has && t.stopped();
  j["stop_reason"] = has ? bpl::to_string(t.stop_reason()) : "";
  if (has && !t.history().empty()) {
    const bpl::HistoryPoint& p = t.history().back();
    j["train_loss"] = number_or_null(p.train.loss);
    j["train_accuracy"] = number_or_null(p.train.accuracy);
    j["val_loss"] = number_or_null(p.validation.loss);
    j["val_accuracy"] = number_or_null(p.validation.accuracy);
    j["cost"] = number_or_null(p.cost);
  } else {
    j["train_loss"] = j["train_accuracy"] = j["val_loss"] = j["val_accuracy"] = j["cost"] = nullptr;
  }
  j["test_accuracy"] = number_or_null(app->test_accuracy());
  j["steps_per_second"] = number_or_null(app->steps_per_second());
  j["history_points"] = has ? t.history().size() : 0;
  j["speed"] = app->speed();                       // optimizer steps per second; 0: full speed
  j["every_step_points"] = app->every_step_points();
  if (has) {   // layer 1's units on the training set (dead ReLU units, the ring-shaped unit)
    const bpl::UnitStats& us = app->unit_stats();
    json dead = json::array(), top = json::array();
    for (int u = 0; u < us.units; ++u) {
      if (us.dead[static_cast<std::size_t>(u)]) dead.push_back(u);
      top.push_back(us.top_digit[static_cast<std::size_t>(u)]);
    }
    j["units"] = json{{"count", us.units}, {"dead", dead}, {"dead_count", us.dead_count},
                      {"top_digit", top}, {"ring_unit", us.ring_unit}};
  } else {
    j["units"] = nullptr;
  }
  j["last_error"] = app->last_error();
  j["last_notice"] = app->last_notice();
  j["busy"] = app->busy();
  j["frames"] = bpl::web::frames();
  j["skipped_frames"] = bpl::web::skipped_frames();
  if (has && t.divergence().happened)
    j["divergence"] = json{{"iteration", t.divergence().iteration},
                           {"epoch", number_or_null(t.divergence().epoch)},
                           {"restored_iteration", t.divergence().restored_iteration},
                           {"restored_epoch", number_or_null(t.divergence().restored_epoch)},
                           {"message", t.divergence_message()}};
  else
    j["divergence"] = nullptr;
  const bpl::web::FrameTiming ft = bpl::web::last_frame_timing();
  j["frame_ms"] = json{{"train", ft.train_ms}, {"ui", ft.ui_ms}, {"render", ft.render_ms}};
  j["config"] = bpl::config_to_json(app->config());
  const bpl::Focus& f = app->focus();
  j["focus"] = json{{"example", f.example}, {"layer", f.layer}, {"unit", f.unit}};
  j["view"] = json{{"presenter", app->view().presenter}, {"ui_scale", app->view().ui_scale()},
                   {"reduced_motion", app->view().reduced_motion}};
  j["lesson"] = nullptr;
  if (const bpl::Lesson* l = app->lesson_progress().current_lesson()) {
    bpl::LessonProgress& p = app->lesson_progress();
    json finished = json::array();
    for (std::size_t i = 0; i < bpl::lessons().size(); ++i)
      if (p.finished(static_cast<int>(i))) finished.push_back(bpl::lessons()[i].id);
    j["lesson"] = json{{"id", l->id},           {"step", p.step()},        {"steps", l->steps.size()},
                       {"goal_met", p.goal_met(*app)}, {"chosen", p.chosen()}, {"revealed", p.revealed()},
                       {"finished", finished}};
    j["lesson"]["setup"] = bpl::setup_line(l->setup);
    j["lesson"]["saved_setup"] = p.has_saved();
    if (const bpl::LessonStep* st = p.current_step()) {
      j["lesson"]["goal"] = st->goal;
      j["lesson"]["panel"] = st->panel;
      j["lesson"]["control"] = st->control;
      j["lesson"]["answer_right"] = p.answered_right();
      j["lesson"]["answer"] = st->question.choices[static_cast<std::size_t>(st->question.answer)];
    }
  }
  // Seeds as decimal text: a JavaScript number would round those above 2^53.
  for (const char* k : {"seed", "split_seed", "shuffle_seed"}) j["config"][k] = j["config"][k].dump();
  j["config"]["augmentation"]["seed"] = j["config"]["augmentation"]["seed"].dump();
  j["preset"] = app->preset();
  j["set_aside"] = app->set_aside().empty() ? json(nullptr) : json(app->set_aside());
  // The current input and the prediction the Decision panel shows for it.
  if (has && app->has_input()) {
    json in;
    in["source"] = app->input_source() == bpl::InputSource::Sketch ? "sketch" : "dataset";
    if (app->input_source() == bpl::InputSource::Dataset) in["index"] = app->selected_index();
    json px = json::array();
    for (int i = 0; i < 64; ++i) px.push_back(number_or_null(app->input_pixels()[i]));
    in["pixels"] = px;
    const bpl::VecF& p = app->input_probabilities();
    json out = json::array();
    Eigen::Index best = 0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
      out.push_back(number_or_null(p[i]));
      if (p[i] > p[best]) best = i;
    }
    in["outputs"] = out;
    in["predicted"] = static_cast<int>(best);
    const bpl::Reading rd = bpl::read_outputs(p);  // what the Sketch/Decision panels say
    in["unsure"] = rd.unsure;
    in["confidence"] = number_or_null(rd.confidence);
    json cand = json::array();
    for (int i = 0; i < 3; ++i) cand.push_back(json{{"digit", rd.candidates[i]}, {"p", number_or_null(rd.candidate_p[i])}});
    in["candidates"] = cand;
    j["input"] = in;
  } else {
    j["input"] = nullptr;
  }
  return ret(j);
}

// A (partial) config as JSON text, applied over the current config the way the Network panel
// applies its edits. Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_set_config(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  if (!text) return ret(std::string("no config"));
  bpl::Result<bpl::TrainConfig> cfg = bpl::config_from_json_text(std::string_view(text), app->config());
  if (!cfg.ok()) return ret(cfg.message());
  const bpl::Status s = app->set_config(cfg.value);
  return ret(s.ok() ? std::string() : s.message());
}

EMSCRIPTEN_KEEPALIVE void lab_train(int on) {
  if (bpl::ui::AppUi* ui = bpl::web::ui()) ui->set_training(on != 0);
}

EMSCRIPTEN_KEEPALIVE void lab_step(int n) {
  if (bpl::ui::AppUi* ui = bpl::web::ui()) ui->step(n);
}

EMSCRIPTEN_KEEPALIVE void lab_reset() {
  if (bpl::ui::AppUi* ui = bpl::web::ui()) ui->reset();
}

// Brings back the trained network a reset or a new network set aside: "" or why not.
EMSCRIPTEN_KEEPALIVE const char* lab_undo() {
  bpl::ui::AppUi* ui = bpl::web::ui();
  return ret(ui ? ui->undo() : std::string(kNotStarted));
}

EMSCRIPTEN_KEEPALIVE void lab_sketch_clear() {
  if (bpl::ui::AppUi* ui = bpl::web::ui()) ui->clear_sketch();
}

// {x,y,w,h} of the sketch pad, or null before the Sketch panel has drawn it.
EMSCRIPTEN_KEEPALIVE const char* lab_sketch_rect() {
  const bpl::ui::UiShared& s = bpl::ui::shared();
  if (!bpl::web::ui() || !(s.sketch_pad_rect.z > 0) || !(s.sketch_pad_rect.w > 0)) return ret(std::string("null"));
  return ret(rect_json(s.sketch_pad_rect.x, s.sketch_pad_rect.y, s.sketch_pad_rect.z, s.sketch_pad_rect.w));
}

// The 64 values 0..16 the sketch gives the network (row-major).
EMSCRIPTEN_KEEPALIVE const char* lab_sketch_pixels() {
  const bpl::AppState* app = bpl::web::app();
  const bpl::VecD px = app ? app->sketch().pixels() : bpl::VecD(bpl::VecD::Zero(64));
  json a = json::array();
  for (int i = 0; i < 64; ++i) a.push_back(number_or_null(px[i]));
  return ret(a);
}

// JSON array of 64 raw pixel values 0..16 -> JSON array of 10 probabilities, or {"error": ...}.
EMSCRIPTEN_KEEPALIVE const char* lab_predict(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  if (!app->has_data()) return ret(json{{"error", "the digits are not loaded yet"}});
  const json in = json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded() || !in.is_array() || in.size() != 64)
    return ret(json{{"error", "predict expects an array of 64 numbers (0..16)"}});
  bpl::VecD px(64);
  for (int i = 0; i < 64; ++i) {
    const json& v = in[static_cast<std::size_t>(i)];
    if (!v.is_number()) return ret(json{{"error", "pixel " + std::to_string(i) + " is not a number"}});
    const double d = v.get<double>();
    if (!std::isfinite(d)) return ret(json{{"error", "pixel " + std::to_string(i) + " is not finite"}});
    px[i] = d;
  }
  const bpl::VecF p = app->predict_raw(px);
  json out = json::array();
  for (Eigen::Index i = 0; i < p.size(); ++i) out.push_back(number_or_null(p[i]));
  return ret(out);
}

// {x,y,w,h} of a panel's window by name ("network", ..., or "toolbar"), or null.
EMSCRIPTEN_KEEPALIVE const char* lab_panel_rect(const char* name) {
  bpl::ui::AppUi* ui = bpl::web::ui();
  bpl::ui::Rect r;
  if (!ui || !name || !ui->panel_rect(name, &r)) return ret(std::string("null"));
  return ret(rect_json(r.x, r.y, r.w, r.h));
}

// {x,y,w,h} of a control by name (a toolbar button, or any item of the item registry), or null.
EMSCRIPTEN_KEEPALIVE const char* lab_control_rect(const char* name) {
  bpl::ui::AppUi* ui = bpl::web::ui();
  bpl::ui::Rect r;
  if (!ui || !name || !ui->control_rect(name, &r)) return ret(std::string("null"));
  return ret(rect_json(r.x, r.y, r.w, r.h));
}

// [{name, panel, kind, x, y, w, h}]: every interactive item drawn in the last frame (the item
// registry, ui/item_registry.hpp) with the part of it that is visible; hidden items are left out
// unless `hidden` (then they come with their whole rectangle and hidden: true, in draw order).
EMSCRIPTEN_KEEPALIVE const char* lab_controls(int hidden) {
  json out = json::array();
  if (!bpl::web::ui()) return ret(out);
  for (const bpl::ui::Item& it : bpl::ui::item_registry().items()) {
    if (!it.interactive() || (!it.shown() && !hidden)) continue;
    const ImVec4& r = it.shown() ? it.visible : it.rect;
    json j = rect_json(r.x, r.y, r.z, r.w);
    if (!it.shown()) j["hidden"] = true;
    else if (it.visible.z < it.rect.z - 0.5f || it.visible.w < it.rect.w - 0.5f) j["clipped"] = true;   // partly out of view
    j["name"] = it.name;
    j["id"] = it.id;   // Dear ImGui's ID: stable while a name may change (an item scrolled into view)
    j["panel"] = it.panel;
    j["kind"] = bpl::ui::item_kind_name(it.kind);
    j["label"] = shown_label(it.label);
    j["title"] = panel_title(it.panel);
    j["checked"] = it.checked;
    j["disabled"] = it.disabled;
    j["open"] = it.open;
    if (!it.help.empty()) j["help"] = it.help;
    if (const bpl::ui::ItemValue& v = it.value; v.known) {   // a slider's, input's or combo's value
      j["text"] = v.text;
      if (v.text_field) {
        j["value"] = v.text;
        j["readonly"] = v.read_only;
      } else if (it.kind != bpl::ui::ItemKind::Combo) {
        j["value"] = v.value;
        j["integer"] = v.integer;
        if (std::isfinite(v.min)) j["min"] = v.min;
        if (std::isfinite(v.max)) j["max"] = v.max;
        if (v.step > 0) j["step"] = v.step;
        if (v.log) j["log"] = true;
      }
    }
    out.push_back(std::move(j));
  }
  return ret(out);
}

// Presses an item of the last frame by its lab.controls() name, as Space on its keyboard focus
// would (Dear ImGui's ActivateItem: the next frame's widget reports the press and sends its intent).
// "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_press(const char* name) {
  if (!bpl::web::ui() || !name) return ret(std::string(kNotStarted));
  const bpl::ui::Item* it = bpl::ui::item_registry().find(name);
  if (!it || !it->interactive() || !it->shown()) return ret("no control named '" + std::string(name) + "' is shown");
  if (it->disabled) return ret("'" + std::string(name) + "' is disabled");
  ImGui::ActivateItem(it->id);
  bpl::web::wake();
  return ret(std::string());
}

// Scrolls the panel (and the scroll region inside it) that holds an item drawn in the last frame,
// shown or scrolled out of view, so that the next frame shows it whole: what keyboard focus on
// an item does (the HTML mirror calls it when Tab reaches an item out of view). "" or an error.
EMSCRIPTEN_KEEPALIVE const char* lab_reveal(const char* name) {
  if (!bpl::web::ui() || !name) return ret(std::string(kNotStarted));
  const bpl::ui::Item* it = bpl::ui::item_registry().find(name);
  if (!it || !it->interactive()) return ret("no control named '" + std::string(name) + "' was drawn");
  ImGuiWindow* w = ImGui::FindWindowByID(it->window);
  if (!w) return ret("the window of '" + std::string(name) + "' is gone");
  const ImRect r(it->rect.x, it->rect.y, it->rect.x + it->rect.z, it->rect.y + it->rect.w);
  ImGui::ScrollToRect(w, r, ImGuiScrollFlags_KeepVisibleEdgeX | ImGuiScrollFlags_KeepVisibleEdgeY);
  bpl::web::wake();
  return ret(std::string());
}

// Sets a slider, drag or input field of the last frame by its lab.controls() name, as typing the
// value into it would: the next frame's widget takes it and its panel sends its usual intent.
// "" or an error message (nothing changes): no such shown item, disabled, not a number, out of range.
EMSCRIPTEN_KEEPALIVE const char* lab_set_control(const char* name, const char* value) {
  if (!bpl::web::ui() || !name) return ret(std::string(kNotStarted));
  std::string err = bpl::ui::item_registry().request_value(name, value ? value : "");
  if (err.empty()) bpl::web::wake();
  return ret(err);
}

// Benchmark W2 on the loaded digits with the engine's own code (src/train/benchmarks.cpp).
// Blocks the page while it runs (about epochs x a few ms).
EMSCRIPTEN_KEEPALIVE const char* lab_bench_w2(int epochs) {
  bpl::AppState* app = bpl::web::app();
  if (!app || !app->has_data()) return ret(json{{"error", "no data loaded yet"}});
  if (epochs < 1 || epochs > 1000) return ret(json{{"error", "epochs must be in 1..1000"}});
  const bpl::W2Result r = bpl::bench_w2(app->data(), epochs);
  return ret(json{{"epochs", r.epochs},
                  {"median_ms_per_epoch", r.median_ms_per_epoch},
                  {"total_ms", r.total_ms},
                  {"test_accuracy", r.test_accuracy},
                  {"gflops", r.gflops}});
}

// ---- model files (web/files.js does the download, the file picker and drag-and-drop)

// The current model file text (src/train/model_io.hpp), or "" before the digits are loaded.
EMSCRIPTEN_KEEPALIVE const char* lab_export_model() {
  bpl::AppState* app = bpl::web::app();
  if (!app || !app->has_data()) return ret(std::string());
  return ret(app->export_model());
}

// "Continue in Python": the Jupyter notebook (src/app/notebook_export.hpp) of the current model and
// the Backprop stepper's example (traced again first when the weights moved; chosen when there is
// none). "" before the digits are loaded or on an error (shown in the toolbar).
EMSCRIPTEN_KEEPALIVE const char* lab_export_notebook() {
  bpl::AppState* app = bpl::web::app();
  if (!app || !app->has_data()) return ret(std::string());
  bpl::web::wake();
  const bpl::Result<std::string> nb = bpl::export_notebook(*app);
  if (!nb.ok()) {
    app->set_error("Export as notebook: " + nb.message());
    return ret(std::string());
  }
  return ret(nb.value);
}

// `len` bytes of a model file at `text` (through the heap: it may hold NULs); `name` the file's
// name for the messages (may be empty). Returns "" or the error message; on error nothing changed.
EMSCRIPTEN_KEEPALIVE const char* lab_import_model(const char* text, int len, const char* name) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  bpl::web::wake();
  const std::string_view body = text && len > 0 ? std::string_view(text, static_cast<std::size_t>(len)) : std::string_view();
  const bpl::Status s = app->import_model(body);
  const std::string from = name && *name ? std::string(" (") + name + ")" : std::string();
  if (!s.ok()) {
    app->set_error("Import model" + from + ": " + s.message());
    return ret(s.message());
  }
  if (name && *name) app->set_notice(app->last_notice() + " from " + name);
  return ret(std::string());
}

// ---- My digits (src/app/my_digits.hpp; web/lab.js: lab.myDigits, web/files.js: files and storage)

// {"label": 3, "strokes": [[[x, y], ...], ...]} -> "" or the error message (nothing changes).
EMSCRIPTEN_KEEPALIVE const char* lab_my_digits_add(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  bpl::web::wake();
  const json j = json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return ret(std::string("expected {label: 0..9, strokes: [[[x, y], ...], ...]}"));
  // The digit as a one-digit strokes file: strokes_io checks it.
  bpl::Result<std::vector<bpl::DrawnDigit>> d =
      bpl::parse_drawn_digits(json{{"digits", json::array({j})}}.dump(-1, ' ', false, json::error_handler_t::replace));
  if (!d.ok()) return ret(d.message());
  const bpl::Status s = app->add_my_digit(d.value[0].label, d.value[0].strokes);
  return ret(s.ok() ? std::string() : s.message());
}

// [{label, strokes}, ...] in the order they were added.
EMSCRIPTEN_KEEPALIVE const char* lab_my_digits_list() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string("[]"));
  const std::string text = app->export_my_digits();
  const json j = json::parse(std::string_view(text), nullptr, /*allow_exceptions=*/false);   // const char*: see strokes_io.cpp
  return ret(j.is_object() && j.contains("digits") ? j["digits"] : json::array());
}

EMSCRIPTEN_KEEPALIVE void lab_my_digits_clear() {
  bpl::web::wake();
  if (bpl::AppState* app = bpl::web::app()) app->clear_my_digits();
}

// The strokes JSON text of My digits (what Export downloads and the page keeps in localStorage).
EMSCRIPTEN_KEEPALIVE const char* lab_my_digits_export() {
  bpl::AppState* app = bpl::web::app();
  return ret(app ? app->export_my_digits() : std::string());
}

// `len` bytes of a strokes file at `text` (through the heap), `name` for the messages (may be
// empty): merged into My digits. "" or the error message; on error nothing changed.
EMSCRIPTEN_KEEPALIVE const char* lab_my_digits_import(const char* text, int len, const char* name) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  bpl::web::wake();
  const std::string_view body = text && len > 0 ? std::string_view(text, static_cast<std::size_t>(len)) : std::string_view();
  const bpl::Status s = app->import_my_digits(body);
  const std::string from = name && *name ? std::string(" (") + name + ")" : std::string();
  if (!s.ok()) {
    app->set_error("Import my digits" + from + ": " + s.message());
    return ret(s.message());
  }
  if (name && *name) app->set_notice(app->last_notice() + ", from " + name);
  return ret(std::string());
}

// A rejection decided in JavaScript (too large, not a file...): shown like any error.
EMSCRIPTEN_KEEPALIVE void lab_report_error(const char* message) {
  bpl::AppState* app = bpl::web::app();
  bpl::web::wake();
  if (app && message) app->set_error(message);
}

// Input arrived (web/lab.js): an idle page draws again at once.
EMSCRIPTEN_KEEPALIVE void lab_wake() { bpl::web::wake(); }

// An optimizer race from JSON text ({optimizers: [...], max_iterations}); "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_race_start(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  const json in = json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded()) return ret(std::string("race: the setup is not valid JSON"));
  bpl::Result<bpl::RaceSetup> setup = bpl::race_setup_from_json(in);
  if (!setup.ok()) return ret(setup.message());
  const bpl::Status s = app->race().start(*app, setup.value);
  return ret(s.ok() ? std::string() : s.message());
}

// Ends the race (its sessions are removed), as the panel's End button.
EMSCRIPTEN_KEEPALIVE void lab_race_end() {
  if (bpl::AppState* app = bpl::web::app()) app->race().clear(*app);
}

// The race's runners and where each one is (with_history: their curves too).
EMSCRIPTEN_KEEPALIVE const char* lab_race_state(int with_history) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  const bpl::Race& race = app->race();
  json j;
  j["active"] = race.active();
  j["running"] = race.running(*app);
  j["finished"] = race.finished(*app);
  j["max_iterations"] = race.setup().max_iterations;
  json runners = json::array();
  for (const bpl::Race::Runner& r : race.runners()) {
    const bpl::Session* s = app->session(r.session);
    if (!s) continue;
    const bpl::Trainer& t = s->trainer;
    json o;
    o["id"] = s->id;
    o["label"] = r.label;
    o["optimizer"] = bpl::to_string(r.optim.kind);
    o["training"] = s->training;
    o["stopped"] = t.stopped();
    o["stop_reason"] = bpl::to_string(t.stop_reason());
    o["iteration"] = t.iteration();
    o["epoch"] = number_or_null(t.epoch());
    o["evaluations"] = t.evaluations();
    o["elapsed_ms"] = number_or_null(t.elapsed_ms());
    o["served_ms"] = number_or_null(app->scheduler().served_ms(s->id));   // time the scheduler gave it
    o["history_points"] = t.history().size();
    const bpl::HistoryPoint* p = t.history().empty() ? nullptr : &t.history().back();
    o["train_accuracy"] = p ? number_or_null(p->train.accuracy) : json(nullptr);
    o["val_accuracy"] = p ? number_or_null(p->validation.accuracy) : json(nullptr);
    o["val_loss"] = p ? number_or_null(p->validation.loss) : json(nullptr);
    if (with_history) {
      json h = {{"iteration", json::array()}, {"evaluations", json::array()}, {"epoch", json::array()},
                {"elapsed_ms", json::array()}, {"val_loss", json::array()}};
      for (const bpl::HistoryPoint& q : t.history()) {
        h["iteration"].push_back(q.iteration);
        h["evaluations"].push_back(q.evaluations);
        h["epoch"].push_back(number_or_null(q.epoch));
        h["elapsed_ms"].push_back(number_or_null(q.elapsed_ms));
        h["val_loss"].push_back(number_or_null(q.validation.loss));
      }
      o["history"] = h;
    }
    runners.push_back(o);
  }
  j["sessions"] = runners;
  return ret(j);
}

EMSCRIPTEN_KEEPALIVE const char* lab_panel_names() {
  bpl::ui::AppUi* ui = bpl::web::ui();
  json a = json::array();
  if (ui)
    for (const std::string& n : ui->panel_names()) a.push_back(n);
  return ret(a);
}

// The full share link of the current setup (page address + '#' + fragment).
EMSCRIPTEN_KEEPALIVE const char* lab_share_link() {
  bpl::ui::AppUi* ui = bpl::web::ui();
  return ret(ui ? ui->share_link() : std::string());
}

// Applies a link's fragment ("#v=1&..."): "" when every part applied, else the notice naming
// the parts that were ignored (also shown in the page).
EMSCRIPTEN_KEEPALIVE const char* lab_apply_link(const char* fragment) {
  bpl::ui::AppUi* ui = bpl::web::ui();
  if (!ui) return ret(std::string(kNotStarted));
  return ret(ui->apply_link(fragment ? std::string_view(fragment) : std::string_view()));
}

// JSON array of the open panels' names, in registry order.
EMSCRIPTEN_KEEPALIVE const char* lab_open_panels() {
  bpl::ui::AppUi* ui = bpl::web::ui();
  json a = json::array();
  if (ui)
    for (const std::string& n : ui->panel_names())
      if (ui->app().view().is_open(n)) a.push_back(n);
  return ret(a);
}

// {kind: 'phone'|'desktop'|'presenter', visible: [panel names]}: the layout of the last frame
// (app/layout.hpp) and the panels it shows (the phone layout: exactly one).
EMSCRIPTEN_KEEPALIVE const char* lab_layout() {
  bpl::ui::AppUi* ui = bpl::web::ui();
  if (!ui) return ret(json{{"kind", "desktop"}, {"visible", json::array()}});
  return ret(json{{"kind", bpl::layout_kind_name(ui->layout_kind())}, {"visible", ui->visible_panels()}});
}

// Opens (on != 0) or closes a panel by name, as the View menu does. Returns "" or an error.
EMSCRIPTEN_KEEPALIVE const char* lab_show_panel(const char* name, int on) {
  bpl::ui::AppUi* ui = bpl::web::ui();
  if (!ui) return ret(std::string(kNotStarted));
  if (!name || !ui->set_panel_open(name, on != 0))
    return ret("unknown panel '" + std::string(name ? name : "") + "'");
  return ret(std::string());
}

// window.lab.gradcheck.run: starts the Gradient check panel's job (the same sliced job; it then
// advances a slice per frame). JSON options text -> {"id": n} or {"error": message}.
EMSCRIPTEN_KEEPALIVE const char* lab_gradcheck_start(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  if (!app->has_data()) return ret(json{{"error", "the digits are not loaded yet"}});
  const bpl::Result<bpl::GradcheckRequest> req =
      bpl::gradcheck_request_from_json(std::string_view(text ? text : ""), app->config().arch);
  if (!req.ok()) return ret(json{{"error", req.message()}});
  const bpl::Status s = app->start_gradcheck(req.value);
  if (!s.ok()) return ret(json{{"error", s.message()}});
  return ret(json{{"id", app->gradcheck().id()}});
}

// The gradient-check job as JSON (see gradcheck_json in src/app/gradcheck_job.hpp).
EMSCRIPTEN_KEEPALIVE const char* lab_gradcheck_status() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  return ret(bpl::gradcheck_json(app->gradcheck()));
}

EMSCRIPTEN_KEEPALIVE void lab_gradcheck_cancel() {
  if (bpl::AppState* app = bpl::web::app()) app->gradcheck().cancel();
}

}  // extern "C"

// ---------------------------------------------------------------- kNN, PCA, decision map (issue 7)

namespace {

// The kNN options and result JSON live in src/app/lab_json.cpp (unit-tested natively).
using bpl::lab_json::knn_result;

}  // namespace

extern "C" {

// Starts the kNN cross-validation job (JSON options). Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_knn_start(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  if (!app->has_data()) return ret(std::string("the digits are not loaded yet"));
  const json j = json::parse(text ? text : "null", nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return ret(std::string("knn.cv: options are not valid JSON"));
  bpl::Result<bpl::KnnCvOptions> o = bpl::lab_json::knn_options(j);
  if (!o.ok()) return ret("knn.cv: " + o.message());
  const bpl::Status s = app->experiments().knn.start(app->data(), o.value);
  return ret(s.ok() ? std::string() : "knn.cv: " + s.message());
}

EMSCRIPTEN_KEEPALIVE void lab_knn_cancel() {
  if (bpl::AppState* app = bpl::web::app()) app->experiments().knn.cancel();
}

// Starts measuring network vs kNN (k neighbours) on the test split. Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_knn_compare(int k) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  if (!app->has_data()) return ret(std::string("the digits are not loaded yet"));
  const bpl::Status s = app->experiments().knn.start_comparison(k);
  return ret(s.ok() ? std::string() : "knn.compare: " + s.message());
}

// {running, progress, runs_completed, result (the last completed run) or null, comparing, comparison}
EMSCRIPTEN_KEEPALIVE const char* lab_knn_state() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  const bpl::KnnJob& job = app->experiments().knn;
  json j{{"running", job.running()},
         {"progress", job.progress()},
         {"runs_completed", job.runs_completed()},
         {"last_run_ms", job.last_run_ms()},
         {"comparing", job.comparing()}};
  j["result"] = job.result() ? knn_result(*job.result(), job.result_options()) : json(nullptr);
  const bpl::KnnComparison& c = job.comparison();
  j["comparison"] = c.done ? json{{"k", c.k},
                                  {"n_train", c.n_train},
                                  {"n_test", c.n_test},
                                  {"network", {{"test_accuracy", c.net_accuracy}, {"bytes", c.net_bytes}, {"us_per_prediction", c.net_us}}},
                                  {"knn", {{"test_accuracy", c.knn_accuracy}, {"bytes", c.knn_bytes}, {"us_per_prediction", c.knn_us}}}}
                           : json(nullptr);
  return ret(j);
}

// {explained_variance_ratio: [r1, r2], explained_variance, components: [[64], [64]], mean: [64]}
EMSCRIPTEN_KEEPALIVE const char* lab_pca() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  if (!app->has_data()) return ret(json{{"error", "the digits are not loaded yet"}});
  bpl::DecisionMap& map = app->experiments().map;
  if (const bpl::Status s = map.prepare(app->data()); !s.ok()) return ret(json{{"error", s.message()}});
  const bpl::Pca& p = map.pca();
  json comps = json::array(), ratio = json::array(), var = json::array(), mean = json::array();
  for (int j = 0; j < p.count(); ++j) {
    json c = json::array();
    for (Eigen::Index i = 0; i < p.components.cols(); ++i) c.push_back(p.components(j, i));
    comps.push_back(c);
    ratio.push_back(p.explained_variance_ratio[j]);
    var.push_back(p.explained_variance[j]);
  }
  for (Eigen::Index i = 0; i < p.mean.size(); ++i) mean.push_back(p.mean[i]);
  return ret(json{{"explained_variance_ratio", ratio}, {"explained_variance", var}, {"components", comps}, {"mean", mean}});
}

// {x, y, w, h} around dataset image i on the Decision map as last drawn (w = h = a small
// target), or null when the map is not on screen or i is out of range.
EMSCRIPTEN_KEEPALIVE const char* lab_map_point_rect(int i) {
  bpl::AppState* app = bpl::web::app();
  if (!app || !app->has_data()) return ret(std::string("null"));
  const bpl::DecisionMap& map = app->experiments().map;
  float x = 0, y = 0;
  if (static_cast<int>(map.view().frame) + 2 < ImGui::GetFrameCount() || !map.screen_position(i, &x, &y))
    return ret(std::string("null"));
  const float s = 2.0f;
  return ret(rect_json(x - s, y - s, 2 * s, 2 * s));
}

// {drawn, hovered, pinned, grids_completed, grid_weights_version, weights_version, n, pinned_info}
EMSCRIPTEN_KEEPALIVE const char* lab_map_state() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  bpl::DecisionMap& map = app->experiments().map;
  const bpl::DecisionMap::View& v = map.view();
  const bool drawn = v.w > 0 && static_cast<int>(v.frame) + 2 >= ImGui::GetFrameCount();
  json j{{"drawn", drawn},
         {"hovered", drawn && v.hovered >= 0 ? json(v.hovered) : json(nullptr)},
         {"pinned", v.pinned >= 0 ? json(v.pinned) : json(nullptr)},
         {"grids_completed", map.grids_completed()},
         {"grid_weights_version", map.grid_weights_version()},
         {"weights_version", app->weights_version()},
         {"n", map.points().cols()}};
  const auto info = [&](int i) -> json {
    if (i < 0 || !app->has_data() || i >= app->data().size()) return nullptr;
    const bpl::VecF& p = map.image_probabilities(app->trainer(), app->weights_version(), i);
    Eigen::Index best = 0;
    if (p.size() > 0) p.maxCoeff(&best);
    json px = json::array();
    for (int r = 0; r < 64; ++r) px.push_back(app->data().X(r, i));
    return json{{"index", i}, {"label", app->data().y[static_cast<std::size_t>(i)]}, {"pixels", px},
                {"predicted", p.size() > 0 ? json(static_cast<int>(best)) : json(nullptr)},
                {"u", map.points()(0, i)}, {"v", map.points()(1, i)},
                {"test_predicted", map.test_prediction().empty() ? -1 : map.test_prediction()[static_cast<std::size_t>(i)]}};
  };
  j["pinned_info"] = info(v.pinned);
  return ret(j);
}

}  // extern "C"

// ---------------------------------------------------------------- bias / variance sweeps (issue 7)

namespace {

json sweep_json(const bpl::Sweep& s) {
  json pts = json::array();
  for (const bpl::SweepPoint& p : s.points()) {
    json q{{"value", p.value}, {"train_size", p.train_size}, {"done", p.done}};
    if (p.done) {
      q["train_accuracy"] = number_or_null(p.train_accuracy);
      q["validation_accuracy"] = number_or_null(p.validation_accuracy);
      q["train_error"] = number_or_null(1.0 - p.train_accuracy);
      q["validation_error"] = number_or_null(1.0 - p.validation_accuracy);
      q["train_loss"] = number_or_null(p.train_loss);
      q["validation_loss"] = number_or_null(p.validation_loss);
      q["iterations"] = p.iterations;
      q["ms"] = number_or_null(p.ms);
    }
    pts.push_back(q);
  }
  return json{{"kind", bpl::to_string(s.options().kind)},
              {"iterations", s.options().iterations},
              {"running", s.running()},
              {"progress", s.progress()},
              {"current", s.current()},
              {"session", s.session()},
              {"runs_completed", s.runs_completed()},
              {"points", pts}};
}

// {kind: 'lambda'|'train_size', values: [...], iterations: 100}
bpl::Result<bpl::SweepOptions> sweep_options_from(const json& j) {
  if (!j.is_object()) return bpl::Status::Error("sweep.run expects {kind: 'lambda', values: [0.01, 1, 100]}");
  bpl::SweepOptions o;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const json& v = it.value();
    if (key == "kind") {
      if (!v.is_string() || !bpl::parse_sweep_kind(v.get<std::string>(), &o.kind))
        return bpl::Status::Error("kind must be 'lambda' or 'train_size'");
    } else if (key == "values") {
      if (!v.is_array()) return bpl::Status::Error("values must be an array of numbers");
      for (const json& x : v) {
        if (!x.is_number()) return bpl::Status::Error("values must be an array of numbers");
        o.values.push_back(x.get<double>());
      }
    } else if (key == "iterations") {
      if (!v.is_number_integer()) return bpl::Status::Error("iterations must be an integer");
      o.iterations = v.get<int>();
    } else {
      return bpl::Status::Error("unknown sweep option '" + key + "'");
    }
  }
  if (o.values.empty()) o.values = o.kind == bpl::SweepKind::Lambda ? bpl::sweep_values(o.kind, 0.01, 100, 5)
                                                                      : bpl::sweep_values(o.kind, 0.1, 1.0, 5);
  if (bpl::Status s = o.validate(); !s.ok()) return s;
  return o;
}

}  // namespace

extern "C" {

// Starts a sweep (JSON options). Returns "" or an error message.
EMSCRIPTEN_KEEPALIVE const char* lab_sweep_start(const char* text) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  const json j = json::parse(text ? text : "null", nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return ret(std::string("sweep.run: options are not valid JSON"));
  bpl::Result<bpl::SweepOptions> o = sweep_options_from(j);
  if (!o.ok()) return ret("sweep.run: " + o.message());
  const bpl::Status s = app->experiments().sweep.start(*app, o.value);
  return ret(s.ok() ? std::string() : "sweep.run: " + s.message());
}

EMSCRIPTEN_KEEPALIVE void lab_sweep_cancel() {
  if (bpl::AppState* app = bpl::web::app()) app->experiments().sweep.cancel(*app);
}

EMSCRIPTEN_KEEPALIVE const char* lab_sweep_state() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  return ret(sweep_json(app->experiments().sweep));
}

}  // extern "C"

// ---------------------------------------------------------------- lab.model, lab.backprop

namespace {

json vec_json(const bpl::VecD& v) {
  json a = json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(number_or_null(v[i]));
  return a;
}

// Rows = units of the layer, columns = units of the previous layer.
json mat_rows_json(const bpl::MatD& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json r = json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) r.push_back(number_or_null(m(i, j)));
    rows.push_back(std::move(r));
  }
  return rows;
}

// The stepper, following the app's current input (also while its panel is closed).
bpl::BackpropStepper* stepper() {
  bpl::AppState* app = bpl::web::app();
  if (!app || !app->has_data()) return nullptr;
  app->backprop().sync(*app);
  return &app->backprop();
}

json position_json(const bpl::AppState& app, const bpl::BackpropStepper& bp) {
  const bpl::Step& s = bp.current();
  json j{{"step", bp.position()},
         {"steps", static_cast<int>(bp.steps().size())},
         {"name", bpl::step_name(s)},
         {"title", bpl::step_title(s, bp.has_trace() ? bp.trace().L() : 1)},
         {"formula", bpl::step_formula(s, app.config().arch)},
         {"layer", s.layer},
         {"stale", bp.stale(app)},
         {"playing", bp.playing()},
         {"has_trace", bp.has_trace()}};
  j["explain"] = bp.has_pin() ? json(bp.explain(bp.pinned()).text()) : json(nullptr);
  return j;
}

}  // namespace

extern "C" {

// The current model as the text of the model file format (src/train/model_io.hpp).
EMSCRIPTEN_KEEPALIVE const char* lab_model() {
  bpl::AppState* app = bpl::web::app();
  if (!app || !app->has_data()) return ret(json{{"error", "no data loaded yet"}}.dump());
  const bpl::Trainer& t = app->trainer();
  return ret(bpl::save_model(t.net(), t.scaler(), t.config()));
}

// {"index": n} | {"sketch": true, "label": d (optional)} | {"random": true}. "" or an error.
EMSCRIPTEN_KEEPALIVE const char* lab_backprop_select(const char* text) {
  bpl::AppState* app = bpl::web::app();
  bpl::BackpropStepper* bp = stepper();
  if (!app || !bp) return ret(std::string("the digits are not loaded yet"));
  const json in = json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded() || !in.is_object())
    return ret(std::string("select expects {index: n}, {sketch: true} or {random: true}"));
  bpl::Status s;
  if (in.contains("index")) {
    if (!in["index"].is_number_integer()) return ret(std::string("index must be an integer"));
    s = bp->select_index(*app, in["index"].get<int>());
  } else if (in.value("sketch", false) == true) {
    int label = -1;
    if (in.contains("label")) {
      if (!in["label"].is_number_integer()) return ret(std::string("label must be a digit 0..9"));
      label = in["label"].get<int>();
      if (label < 0 || label > 9) return ret(std::string("label must be a digit 0..9"));
    }
    s = bp->select_sketch(*app, app->sketch().pixels(), label);
  } else if (in.value("random", false) == true) {
    s = bp->select_random_training(*app);
  } else if (in.value("instructive", false) == true) {
    s = bp->open_instructive(*app);   // the example the panel opens on (a misread image)
  } else if (in.value("mistake", false) == true) {
    s = bp->next_mistake(*app);       // the panel's "Next mistake"
  } else {
    return ret(std::string("select expects {index: n}, {sketch: true} or {random: true}"));
  }
  return ret(s.ok() ? std::string() : s.message());
}

// The trace of the selected example: {index, source, label, pixels, a0, loss, predicted, stale,
// weights_version, update: {...}, layers: [{z, a, delta, dW, db}]}, or null before a selection.
EMSCRIPTEN_KEEPALIVE const char* lab_backprop_trace() {
  bpl::AppState* app = bpl::web::app();
  bpl::BackpropStepper* bp = stepper();
  if (!app || !bp || !bp->has_trace()) return ret(std::string("null"));
  const bpl::ExampleTrace& t = bp->trace();
  json j;
  j["index"] = bp->index() >= 0 ? json(bp->index()) : json(nullptr);
  j["source"] = bp->source() == bpl::BackpropStepper::Source::Sketch ? "sketch" : "dataset";
  j["label"] = bp->label();
  j["pixels"] = vec_json(bp->pixels());
  j["a0"] = vec_json(t.layer(0).a);
  j["loss"] = number_or_null(t.loss);
  j["predicted"] = bp->predicted();
  j["lambda"] = t.lambda;
  j["m_reg"] = t.m_reg;
  j["stale"] = bp->stale(*app);
  j["weights_version"] = bp->weights_version();
  j["update"] = json{{"optimizer", bpl::to_string(app->config().optim.kind)},
                     {"step_size", number_or_null(bp->update().step_size)},
                     {"formula", bp->update().formula},
                     {"note", bp->update().note}};
  // The plain gradient-descent step of this example (-eta dJ/dtheta) and why the optimizer's differs.
  j["update"]["eta"] = number_or_null(bp->plain_eta());
  j["update"]["differs"] = bp->update_differs();
  j["update"]["why"] = bp->why_update_differs();
  {
    json plain = json::array();
    for (int l = 1; l <= t.L(); ++l)
      plain.push_back(json{{"dW", mat_rows_json(bpl::weights<double>(t.arch, bp->plain_step().data(), l))},
                           {"db", vec_json(bpl::biases<double>(t.arch, bp->plain_step().data(), l))}});
    j["update"]["plain"] = std::move(plain);
  }
  j["chosen"] = bp->chosen() == bpl::BackpropStepper::Chosen::Mistake          ? json("mistake")
                : bp->chosen() == bpl::BackpropStepper::Chosen::LeastConfident ? json("least_confident")
                                                                               : json(nullptr);
  j["chosen_note"] = bp->chosen_note();
  json layers = json::array();
  for (int l = 1; l <= t.L(); ++l) {
    const bpl::LayerTrace& L = t.layer(l);
    layers.push_back(json{{"z", vec_json(L.z)},
                          {"a", vec_json(L.a)},
                          {"delta", vec_json(L.delta)},
                          {"dW", mat_rows_json(L.dW())},
                          {"db", vec_json(L.db)}});
  }
  j["layers"] = std::move(layers);
  return ret(j);
}

// Moves n steps (negative: back); returns the position as lab_backprop_position does.
EMSCRIPTEN_KEEPALIVE const char* lab_backprop_step(int n) {
  bpl::AppState* app = bpl::web::app();
  bpl::BackpropStepper* bp = stepper();
  if (!app || !bp) return ret(json{{"error", "the digits are not loaded yet"}});
  bp->go(n);
  return ret(position_json(*app, *bp));
}

// {step, steps, name, title, stale, playing, has_trace, explain (the pinned explanation or null)}.
EMSCRIPTEN_KEEPALIVE const char* lab_backprop_position() {
  bpl::AppState* app = bpl::web::app();
  bpl::BackpropStepper* bp = stepper();
  if (!app || !bp) return ret(json{{"error", "the digits are not loaded yet"}});
  return ret(position_json(*app, *bp));
}

// ---- touch and keyboard access

// The help text the last frame showed: a help marker's or a control's tooltip (hover) or the
// explanation pinned by a click/tap (ui/widgets.cpp): {text, pinned}, or null.
EMSCRIPTEN_KEEPALIVE const char* lab_help() {
  const bpl::ui::UiShared& s = bpl::ui::shared();
  if (s.help_text.empty() || s.help_frame != s.frame) return ret(std::string("null"));
  return ret(json{{"text", s.help_text}, {"pinned", s.help_pinned}});
}

// {x, y, w, h} of the control with the keyboard focus while the focus ring shows, or null.
EMSCRIPTEN_KEEPALIVE const char* lab_keyboard_focus() {
  ImVec4 r;
  if (!bpl::web::ui() || !bpl::ui::keyboard_focus_rect(&r)) return ret(std::string("null"));
  return ret(rect_json(r.x, r.y, r.z, r.w));
}

// ---- the lessons as text (web/lesson_text.js, lab.lessons): the accessible layer of the Lessons panel

// {lessons: [{id, title, finished}], lesson: null | the current step (src/app/lesson_api.hpp)}.
EMSCRIPTEN_KEEPALIVE const char* lab_lessons() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  return ret(bpl::lesson_view_json(*app));
}

// A student's intent as the Lessons panel sends it: {"do": "start"|"choose"|"reveal"|"next"|
// "back"|"stop", ...}. Returns "" or the reason it was refused (nothing changed).
EMSCRIPTEN_KEEPALIVE const char* lab_lesson_do(const char* intent) {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(std::string(kNotStarted));
  const bpl::Status s = bpl::lesson_intent(*app, intent ? std::string_view(intent) : std::string_view());
  return ret(s.ok() ? std::string() : s.message());
}

// ---- text alternatives of the figures (web/figures.js): the learning curves, the test confusion
// matrix, the current input's reading and the focused first-layer unit, from src/app/figure_text.
EMSCRIPTEN_KEEPALIVE const char* lab_figures() {
  bpl::AppState* app = bpl::web::app();
  if (!app) return ret(json{{"error", kNotStarted}});
  if (!app->has_data()) return ret(json{{"error", "the digits are not loaded yet"}});
  const bpl::Trainer& t = app->trainer();
  json j;
  j["curves"] = bpl::describe_curves(t.history(), bpl::is_minibatch(t.config().optim.kind));
  const bpl::ConfusionMatrix& cm = app->test_confusion();
  json rows = json::array();
  for (Eigen::Index r = 0; r < cm.rows(); ++r) {
    json row = json::array();
    for (Eigen::Index c = 0; c < cm.cols(); ++c) row.push_back(cm(r, c));
    rows.push_back(row);
  }
  j["confusion"] = rows;
  j["outputs"] = app->has_input() ? json(bpl::describe_outputs(app->input_probabilities().cast<double>())) : json(nullptr);
  j["unit"] = nullptr;
  const bpl::Focus& f = app->focus();
  if (f.layer == 1 && f.unit >= 0 && f.unit < t.net().arch().units(1)) {
    const bpl::VecD w = t.net().W(1).row(f.unit).transpose().cast<double>();
    j["unit"] = json{{"layer", 1}, {"unit", f.unit}, {"text", bpl::describe_unit_weights(w)}};
  }
  return ret(j);
}

// The page's prefers-reduced-motion (web/motion.js): while on, nothing plays by itself (the
// Backprop stepper's Play is off).
EMSCRIPTEN_KEEPALIVE void lab_set_reduced_motion(int on) {
  if (bpl::AppState* app = bpl::web::app()) app->view().reduced_motion = on != 0;
}

// {y, max, line} of a panel's main scroll (framebuffer pixels): the panel window's own when it scrolls,
// else that of its largest child region that does; null while the panel is closed.
EMSCRIPTEN_KEEPALIVE const char* lab_scroll(const char* name) {
  bpl::ui::AppUi* ui = bpl::web::ui();
  if (!ui || !name || !ui->panel_rect(name, nullptr)) return ret(std::string("null"));
  const std::string id = std::string_view(name) == "toolbar" ? "##toolbar" : "###" + std::string(name);
  ImGuiWindow* panel = ImGui::FindWindowByName(id.c_str());
  if (!panel) return ret(std::string("null"));
  ImGuiWindow* best = panel;
  if (panel->ScrollMax.y <= 0.0f) {
    float best_area = 0.0f;
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (w == panel || w->RootWindow != panel || !w->WasActive || w->ScrollMax.y <= 0.0f) continue;
      const float area = w->Size.x * w->Size.y;
      if (area > best_area) {
        best_area = area;
        best = w;
      }
    }
  }
  // line: what one wheel line (deltaMode 1) scrolls, the UI font's line height with spacing.
  return ret(json{{"y", best->Scroll.y}, {"max", best->ScrollMax.y}, {"line", ImGui::GetTextLineHeightWithSpacing()}});
}

}  // extern "C"
