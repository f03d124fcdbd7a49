// A minimal PNG writer for heatmap exports: 8-bit RGBA, no filtering, and a zlib stream of
// stored (uncompressed) deflate blocks, so it needs no compression library. Files are a bit
// larger than a real encoder's, which does not matter for images of a few hundred cells.
// It does not read PNGs, write other pixel formats, or compress.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ap {

// rgba holds width × height pixels, row-major from the top row, 4 bytes (R, G, B, A) each.
// Returns the PNG file's bytes, or "" when a size is not positive or rgba's size differs.
std::string png_encode_rgba(int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace ap
