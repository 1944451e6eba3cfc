// The GL state Dear ImGui's OpenGL3 backend backs up before it draws and restores after, answered
// from what this app knows instead of asking WebGL (browser build only; app.cmake compiles
// imgui_impl_opengl3.cpp with glGetIntegerv/glIsEnabled renamed to the two functions below).
//
// Why: the page draws nothing but Dear ImGui, so between frames the context is always in the
// state the backend restores: the initial one. Yet the backend asks for ~20 values every frame,
// and in Chrome a WebGL getParameter of most of them waits for the GPU process to finish the
// previous frame (measured in a profile of a cold load: 274 ms of the first second in
// glGetIntegerv under SwiftShader). Every value not listed here still goes to WebGL.
#pragma once
#include <GLES3/gl3.h>

namespace bpl::web {
// What main_web.cpp's frame set with glViewport before the backend draws (GL_VIEWPORT and
// GL_SCISSOR_BOX are answered with it).
void gl_state_viewport(int width, int height);
}  // namespace bpl::web

extern "C" {
void bpl_gl_get_integerv(GLenum pname, GLint* data);
GLboolean bpl_gl_is_enabled(GLenum cap);
}
