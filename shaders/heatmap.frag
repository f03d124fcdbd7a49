// Heatmap fragment shader: the colour of one device pixel of a heatmap image. Cell values
// arrive already normalised on the CPU (one R32F texel per matrix cell: t in [0, 1], -1 for
// a masked cell, -2 for NaN); colours come from the LUT built by colormap_rgb(), and the
// geometry follows heatmap_rgba() in src/gfx/colormap.cpp, so screen and PNG agree.
// Plain ASCII on purpose: WebGL rejects shader sources with other characters.
// No #version line: src/gfx/heatmap_gl.cpp prepends it (GLSL ES 3.00 or GLSL 3.30).

// WebGL's default for ints and samplers in fragment shaders is below highp.
precision highp int;
precision highp sampler2D;

uniform sampler2D u_cells;     // R32F, cols x rows texels; texel (c, r) is matrix cell (r, c)
uniform sampler2D u_lut;       // RGBA8, 256 x 2: row 0 sequential, row 1 diverging
uniform int u_lut_row;
uniform vec2 u_cell_px;        // cell width and height in device pixels
uniform int u_line_px;         // separator width; 0 unless cells are whole pixels
uniform int u_hatch_px;        // period of the 45-degree hatch on masked cells
uniform vec3 u_hatch_dark;
uniform vec3 u_hatch_light;
uniform vec3 u_invalid_rgb;
uniform vec3 u_separator_rgb;

out vec4 frag_color;

void main() {
  // Framebuffer row 0 is the top row of the image: ImGui::Image shows texture v = 0 on top.
  ivec2 px = ivec2(gl_FragCoord.xy);
  ivec2 grid = textureSize(u_cells, 0);
  ivec2 cell = clamp(ivec2(floor(gl_FragCoord.xy / u_cell_px)), ivec2(0), grid - 1);
  ivec2 local = px - ivec2(vec2(cell) * u_cell_px);
  float t = texelFetch(u_cells, cell, 0).r;

  vec3 rgb = u_invalid_rgb;
  if ((cell.x > 0 && local.x < u_line_px) || (cell.y > 0 && local.y < u_line_px)) {
    rgb = u_separator_rgb;
  } else if (t >= 0.0) {
    // Nearest LUT entry, rounded as colormap_lut_index() rounds.
    rgb = texelFetch(u_lut, ivec2(int(t * 255.0 + 0.5), u_lut_row), 0).rgb;
  } else if (t > -1.5) {
    // Stripes run across neighbouring masked cells without a seam.
    rgb = (px.x + px.y) % u_hatch_px < u_hatch_px / 2 ? u_hatch_dark : u_hatch_light;
  }
  frag_color = vec4(rgb, 1.0);
}
