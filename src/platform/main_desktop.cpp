// Desktop entry point: the same app in a GLFW window with desktop OpenGL 3.
//   backprop-lab-app [digits.csv[.gz]]
// Data: the given file, else assets/digits.csv.gz next to the working directory, else the
// source tree's assets (BPL_ASSETS_DIR). The .gz is decompressed with zlib into the CSV text
// AppState::load_data_csv takes. ImGui works in framebuffer pixels, as in the browser build.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>


#include "app/app_state.hpp"
#include "data/dataset.hpp"
#include "data/pen.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "ui/app_ui.hpp"
#include "ui/item_registry.hpp"

#ifndef BPL_ASSETS_DIR
#define BPL_ASSETS_DIR "assets"
#endif

namespace {

constexpr double kTrainBudgetMs = 8.0;
constexpr double kJobBudgetMs = 4.0;     // background jobs (gradient check) per frame

// The file's bytes; empty when it cannot be read.
std::vector<unsigned char> read_bytes(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

bool file_exists(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return f.good();
}

std::string first_existing(const std::vector<std::string>& candidates) {
  for (const std::string& c : candidates)
    if (file_exists(c)) return c;
  return {};
}


void glfw_error(int code, const char* msg) { std::fprintf(stderr, "GLFW error %d: %s\n", code, msg); }

}  // namespace

int main(int argc, char** argv) {
  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "backprop-lab-app: cannot initialize GLFW (no display?)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1280, 800, "Backprop Lab", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "backprop-lab-app: cannot create an OpenGL 3.0 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  bpl::ui::install_item_registry(ImGui::GetCurrentContext());   // every item of a frame (lab.controls())
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;   // keyboard reach, as in the browser (main_web.cpp)
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  const std::string assets = BPL_ASSETS_DIR;
  const std::string font =
      first_existing({"assets/fonts/DejaVuSans-subset.ttf", assets + "/fonts/DejaVuSans-subset.ttf",
                      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"});
  const std::vector<unsigned char> font_bytes = read_bytes(font);
  auto content_scale = [&] {
    float sx = 1, sy = 1;
    glfwGetWindowContentScale(window, &sx, &sy);
    return std::clamp(std::max(sx, sy), 0.5f, 4.0f);
  };
  float scale = content_scale();
  auto build_fonts = [&](bool upload) {
    bpl::ui::load_fonts(font_bytes, bpl::ui::kBaseFontPx * scale, scale);
    bpl::ui::apply_style(scale);
    bpl::ui::shared().scale = scale;
    if (upload) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  };
  build_fonts(false);

  auto app = std::make_unique<bpl::AppState>();
  auto ui = std::make_unique<bpl::ui::AppUi>(*app);
  const std::string data = argc > 1 ? std::string(argv[1])
                                    : first_existing({"assets/digits.csv.gz", assets + "/digits.csv.gz",
                                                      "assets/digits.csv", assets + "/digits.csv"});
  if (data.empty()) {
    app->set_error("digits data not found (pass the path of digits.csv.gz)");
  } else {
    // The real pen digits the default network trains with (augmentation.pen; none found: none).
    const std::string pen = first_existing({"assets/pen-digits.txt.gz", assets + "/pen-digits.txt.gz"});
    if (bpl::Result<std::string> p = bpl::read_text_file(pen); !pen.empty() && p.ok()) (void)bpl::install_pen_text(p.value);
    bpl::Result<std::string> text = bpl::read_text_file(data);
    if (!text.ok())
      app->set_error(text.message());
    else if (app->load_data_csv(text.value).ok())
      ui->set_training(true);
  }

  while (!glfwWindowShouldClose(window)) {
    if (app->training())
      glfwPollEvents();
    else
      glfwWaitEventsTimeout(1.0 / 30.0);
    const float s = content_scale() * app->view().ui_scale();   // x the UI scale (View menu)
    if (std::fabs(s - scale) > 0.01f) {
      scale = s;
      build_fonts(true);
    }
    if (app->any_training()) app->train_for(kTrainBudgetMs);
    app->run_jobs(kJobBudgetMs);   // gradient check, kNN CV, decision map: a slice per frame

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // Work in framebuffer pixels (as in the browser): the mouse comes in window coordinates.
    int ww = 0, wh = 0, fw = 0, fh = 0;
    glfwGetWindowSize(window, &ww, &wh);
    glfwGetFramebufferSize(window, &fw, &fh);
    if (ww > 0 && wh > 0 && io.MousePos.x != -FLT_MAX) {
      io.MousePos.x *= static_cast<float>(fw) / static_cast<float>(ww);
      io.MousePos.y *= static_cast<float>(fh) / static_cast<float>(wh);
    }
    io.DisplaySize = ImVec2(static_cast<float>(fw), static_cast<float>(fh));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);

    ImGui::NewFrame();
    ui->frame();
    ImGui::Render();
    glViewport(0, 0, fw, fh);
    glClearColor(0.88f, 0.895f, 0.915f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window);
  }

  ui.reset();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return 0;
}
