// PNG = signature, IHDR, IDAT (zlib of the filtered rows), IEND; see png_encode.h.
#include "app/png_encode.h"

#include <algorithm>
#include <array>

namespace ap {
namespace {

// CRC-32 (ISO 3309, polynomial 0xEDB88320), as PNG chunks require.
std::uint32_t crc32(const std::string& bytes, std::size_t from) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = from; i < bytes.size(); ++i)
    c = table[(c ^ static_cast<std::uint8_t>(bytes[i])) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t adler32(const std::string& bytes) {
  std::uint32_t a = 1, b = 0;
  for (char ch : bytes) {
    a = (a + static_cast<std::uint8_t>(ch)) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void put_u32_be(std::string& out, std::uint32_t x) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((x >> shift) & 0xFF);
}

void put_u16_le(std::string& out, std::uint32_t x) {
  out += static_cast<char>(x & 0xFF);
  out += static_cast<char>((x >> 8) & 0xFF);
}

// length, type, data, then the CRC of type + data.
void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32_be(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t type_at = out.size();
  out += type;
  out += data;
  put_u32_be(out, crc32(out, type_at));
}

// A zlib stream whose deflate blocks are all "stored": each holds at most 65535 bytes.
std::string zlib_stored(const std::string& raw) {
  // CMF 0x78 (deflate, 32K window), FLG 0x01 (no dictionary; 0x7801 is divisible by 31).
  std::string out = "\x78\x01";
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, raw.size() - at);
    const bool final_block = at + n == raw.size();
    out += static_cast<char>(final_block ? 1 : 0);  // BFINAL, BTYPE = 00 (stored)
    put_u16_le(out, static_cast<std::uint32_t>(n));
    put_u16_le(out, static_cast<std::uint32_t>(~n & 0xFFFF));
    out.append(raw, at, n);
    at += n;
  } while (at < raw.size());
  put_u32_be(out, adler32(raw));
  return out;
}

}  // namespace

std::string png_encode_rgba(int width, int height, const std::vector<std::uint8_t>& rgba) {
  // The bound keeps every size below PNG's 2³¹ − 1 chunk length.
  if (width <= 0 || height <= 0 || std::uint64_t(width) * std::uint64_t(height) > (1u << 28) ||
      rgba.size() != std::size_t(width) * std::size_t(height) * 4)
    return "";
  const std::size_t row_bytes = std::size_t(width) * 4;
  // Each row is preceded by its filter type; 0 (None) keeps the pixels as they are.
  std::string raw;
  raw.reserve((row_bytes + 1) * height);
  for (int y = 0; y < height; ++y) {
    raw += '\0';
    raw.append(reinterpret_cast<const char*>(rgba.data()) + y * row_bytes, row_bytes);
  }
  std::string ihdr;
  put_u32_be(ihdr, static_cast<std::uint32_t>(width));
  put_u32_be(ihdr, static_cast<std::uint32_t>(height));
  // bit depth 8, colour type 6 (RGBA), compression 0, filter 0, no interlace
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);

  std::string png = "\x89PNG\r\n\x1a\n";
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", zlib_stored(raw));
  put_chunk(png, "IEND", "");
  return png;
}

}  // namespace ap
