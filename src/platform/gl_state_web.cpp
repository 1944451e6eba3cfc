#include "platform/gl_state_web.hpp"

namespace {
int viewport_w = 0, viewport_h = 0;
}  // namespace

namespace bpl::web {
void gl_state_viewport(int width, int height) {
  viewport_w = width;
  viewport_h = height;
}
}  // namespace bpl::web

extern "C" void bpl_gl_get_integerv(GLenum pname, GLint* data) {
  switch (pname) {
    // Bindings: the app binds nothing itself, and the backend unbinds what it bound.
    case GL_CURRENT_PROGRAM:
    case GL_TEXTURE_BINDING_2D:
    case GL_SAMPLER_BINDING:
    case GL_ARRAY_BUFFER_BINDING:
    case GL_VERTEX_ARRAY_BINDING:
      *data = 0;
      return;
    case GL_ACTIVE_TEXTURE:
      *data = GL_TEXTURE0;
      return;
    // Blending: the initial function and equation (the backend enables blending only while it draws).
    case GL_BLEND_SRC_RGB:
    case GL_BLEND_SRC_ALPHA:
      *data = GL_ONE;
      return;
    case GL_BLEND_DST_RGB:
    case GL_BLEND_DST_ALPHA:
      *data = GL_ZERO;
      return;
    case GL_BLEND_EQUATION_RGB:
    case GL_BLEND_EQUATION_ALPHA:
      *data = GL_FUNC_ADD;
      return;
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX:
      data[0] = 0;
      data[1] = 0;
      data[2] = viewport_w;
      data[3] = viewport_h;
      return;
    default:
      glGetIntegerv(pname, data);   // once-only queries (the GL version, extensions): WebGL answers
  }
}

// Blending, culling, depth, stencil, scissor and primitive restart are off between frames.
extern "C" GLboolean bpl_gl_is_enabled(GLenum cap) {
  switch (cap) {
    case GL_BLEND:
    case GL_CULL_FACE:
    case GL_DEPTH_TEST:
    case GL_STENCIL_TEST:
    case GL_SCISSOR_TEST:
    case GL_PRIMITIVE_RESTART_FIXED_INDEX:
      return GL_FALSE;
    default:
      return glIsEnabled(cap);
  }
}
