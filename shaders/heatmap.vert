// Heatmap vertex shader: one triangle covering the whole offscreen target, its corners
// made from gl_VertexID, so no vertex buffer is needed (an empty VAO is bound).
// No #version line: src/gfx/heatmap_gl.cpp prepends "#version 300 es" (WebGL 2) or
// "#version 330 core" (desktop), as Dear ImGui's OpenGL3 backend does for its shaders.

void main() {
  // Vertex 0, 1, 2 -> corners (0, 0), (2, 0), (0, 2) -> clip space (-1, -1), (3, -1), (-1, 3).
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
