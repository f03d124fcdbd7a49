// md4c's callbacks (enter/leave block, enter/leave span, text) turned into RichText. md4c
// sends list item text either straight into the item (tight lists) or inside a paragraph
// (loose lists); both end up in the item's block so the UI draws one bullet per item.
#include "lessons/markdown.h"

#include <md4c.h>

#include <cstdlib>
#include <cstring>

#include "lessons/quoted_numbers.h"

namespace ap {
namespace {

struct ListLevel {
  bool ordered = false;
  unsigned next = 1;
};

struct Builder {
  RichText out;
  RichBlock* current = nullptr;  // the block text goes to; null: start a new paragraph
  std::vector<ListLevel> lists;
  int quote = 0;
  int emphasis = 0, strong = 0, code = 0;
  std::vector<std::string> links;  // open link targets (an image inside a link nests)

  RichBlock& open(BlockKind kind) {
    RichBlock b;
    b.kind = kind;
    b.depth = static_cast<int>(lists.size());
    b.quote = quote > 0;
    out.blocks.push_back(std::move(b));
    current = &out.blocks.back();
    return *current;
  }

  void add_text(const std::string& text) {
    if (text.empty()) return;
    if (!current) open(BlockKind::Paragraph);
    Span s;
    s.emphasis = emphasis > 0;
    s.strong = strong > 0;
    s.code = code > 0 || current->kind == BlockKind::Code;
    s.link = links.empty() ? "" : links.back();
    auto& spans = current->spans;
    if (!spans.empty() && spans.back().emphasis == s.emphasis && spans.back().strong == s.strong &&
        spans.back().code == s.code && spans.back().link == s.link) {
      spans.back().text += text;
      return;
    }
    s.text = text;
    spans.push_back(std::move(s));
  }
};

void append_utf8(std::string& out, unsigned long cp) {
  // Invalid code points (surrogates, beyond U+10FFFF, NUL) become U+FFFD, as CommonMark says.
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// md4c passes entities through verbatim; numeric ones and a few common names are decoded,
// any other name is kept as written.
std::string decode_entity(const std::string& e) {
  static const struct {
    const char* name;
    const char* text;
  } kNamed[] = {{"&amp;", "&"},    {"&lt;", "<"},          {"&gt;", ">"},    {"&quot;", "\""},
                {"&apos;", "'"},   {"&nbsp;", "\xC2\xA0"}, {"&mdash;", "—"}, {"&ndash;", "–"},
                {"&hellip;", "…"}, {"&times;", "×"},       {"&rarr;", "→"},  {"&le;", "≤"},
                {"&ge;", "≥"},     {"&minus;", "−"},       {"&radic;", "√"}, {"&sum;", "∑"}};
  for (const auto& n : kNamed)
    if (e == n.name) return n.text;
  if (e.size() >= 4 && e[1] == '#') {
    const bool hex = e[2] == 'x' || e[2] == 'X';
    const std::string digits = e.substr(hex ? 3 : 2, e.size() - (hex ? 4 : 3));
    if (digits.empty() || digits.size() > 8) return "\xEF\xBF\xBD";
    std::string out;
    append_utf8(out, std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10));
    return out;
  }
  return e;
}

std::string attribute_text(const MD_ATTRIBUTE& a) {
  std::string out;
  if (!a.text || a.size == 0 || !a.substr_offsets) return out;
  for (int k = 0; a.substr_offsets[k] < a.size; ++k) {
    const std::string part(a.text + a.substr_offsets[k],
                           a.substr_offsets[k + 1] - a.substr_offsets[k]);
    if (a.substr_types[k] == MD_TEXT_ENTITY)
      out += decode_entity(part);
    else if (a.substr_types[k] == MD_TEXT_NULLCHAR)
      out += "\xEF\xBF\xBD";
    else
      out += part;
  }
  return out;
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_BLOCK_QUOTE:
      ++b.quote;
      break;
    case MD_BLOCK_UL:
      b.lists.push_back({false, 1});
      b.current = nullptr;
      break;
    case MD_BLOCK_OL:
      b.lists.push_back({true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start});
      b.current = nullptr;
      break;
    case MD_BLOCK_LI: {
      RichBlock& item = b.open(BlockKind::ListItem);
      if (!b.lists.empty()) {
        item.ordered = b.lists.back().ordered;
        item.number = static_cast<int>(b.lists.back().next++);
      }
      break;
    }
    case MD_BLOCK_HR:
      b.open(BlockKind::Rule);
      b.current = nullptr;
      break;
    case MD_BLOCK_H:
      b.open(BlockKind::Heading).level = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
      break;
    case MD_BLOCK_CODE:
      b.open(BlockKind::Code).language =
          attribute_text(static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->lang);
      break;
    case MD_BLOCK_P:
      // The first paragraph of a list item is the item's own text.
      if (!(b.current && b.current->kind == BlockKind::ListItem && b.current->spans.empty()))
        b.open(BlockKind::Paragraph);
      break;
    default:
      break;  // DOC; HTML and tables are disabled by the flags
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void*, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_BLOCK_QUOTE:
      --b.quote;
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      if (!b.lists.empty()) b.lists.pop_back();
      b.current = nullptr;
      break;
    case MD_BLOCK_CODE:
      // md4c ends every code line with '\n'; the block's last one is not content.
      if (b.current && !b.current->spans.empty() && !b.current->spans.back().text.empty() &&
          b.current->spans.back().text.back() == '\n')
        b.current->spans.back().text.pop_back();
      b.current = nullptr;
      break;
    default:
      b.current = nullptr;
      break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  if (type == MD_SPAN_EM) ++b.emphasis;
  if (type == MD_SPAN_STRONG) ++b.strong;
  if (type == MD_SPAN_CODE) ++b.code;
  if (type == MD_SPAN_A)
    b.links.push_back(attribute_text(static_cast<MD_SPAN_A_DETAIL*>(detail)->href));
  return 0;
}

int leave_span(MD_SPANTYPE type, void*, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  if (type == MD_SPAN_EM) --b.emphasis;
  if (type == MD_SPAN_STRONG) --b.strong;
  if (type == MD_SPAN_CODE) --b.code;
  if (type == MD_SPAN_A && !b.links.empty()) b.links.pop_back();
  return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  const std::string s(data, size);
  switch (type) {
    case MD_TEXT_NULLCHAR:
      b.add_text("\xEF\xBF\xBD");
      break;
    case MD_TEXT_BR:
      b.add_text("\n");
      break;
    case MD_TEXT_SOFTBR:
      b.add_text(" ");
      break;
    case MD_TEXT_ENTITY:
      b.add_text(decode_entity(s));
      break;
    default:
      b.add_text(s);
      break;
  }
  return 0;
}

bool ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Where the subscript after the '_' at `at` ends (one past it), or 0 when that '_' is not a
// subscript: "W_k", "d_v", "a_{ij}" are; "snake_case", "_x" and "x_" are not. A letter,
// digit, ')' or any non-ASCII character (θ, ᵀ) may carry the subscript.
std::size_t subscript_end(const std::string& t, std::size_t at) {
  if (at == 0 || at + 1 >= t.size()) return 0;
  const char before = t[at - 1];
  if (!ascii_alnum(before) && before != ')' && static_cast<unsigned char>(before) < 0x80) return 0;
  if (t[at + 1] == '{') {
    const std::size_t close = t.find('}', at + 2);
    return close != std::string::npos && close > at + 2 && close - at <= 10 ? close + 1 : 0;
  }
  std::size_t end = at + 1;
  while (end < t.size() && ascii_alnum(t[end])) ++end;
  const bool word_goes_on = end < t.size() && t[end] == '_';
  return end > at + 1 && end - at - 1 <= 3 && !word_goes_on ? end : 0;
}

// Splits the prose spans of a block at subscripts (W_k → "W" + subscript "k").
void split_subscripts(RichBlock& block) {
  if (block.kind == BlockKind::Code) return;
  std::vector<Span> out;
  for (Span& span : block.spans) {
    if (span.code) {
      out.push_back(std::move(span));
      continue;
    }
    std::size_t from = 0;
    for (std::size_t at = span.text.find('_'); at != std::string::npos;
         at = span.text.find('_', at + 1)) {
      const std::size_t end = subscript_end(span.text, at);
      if (end == 0) continue;
      Span base = span, sub = span;
      base.text = span.text.substr(from, at - from);
      const bool braced = span.text[at + 1] == '{';
      sub.text = span.text.substr(at + (braced ? 2 : 1), end - at - (braced ? 3 : 1));
      sub.subscript = true;
      if (!base.text.empty()) out.push_back(std::move(base));
      out.push_back(std::move(sub));
      from = end;
      at = end - 1;
    }
    if (from == 0) {
      out.push_back(std::move(span));
    } else if (from < span.text.size()) {
      span.text = span.text.substr(from);
      out.push_back(std::move(span));
    }
  }
  block.spans = std::move(out);
}

std::string spans_plain(const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) {
    if (s.subscript) out += "_";
    out += s.text;
    if (!s.link.empty() && s.link != s.text) out += " (" + s.link + ")";
  }
  return out;
}

}  // namespace

RichText markdown_parse(const std::string& md) {
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = MD_FLAG_NOHTML | MD_FLAG_PERMISSIVEURLAUTOLINKS;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  // `current` always points at the last block: only open() appends, and it resets it.
  Builder b;
  // Marks of quoted numbers (quoted_numbers.h) are for the lint, not the learner.
  const std::string text = strip_number_marks(md);
  md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &b);
  for (RichBlock& block : b.out.blocks) split_subscripts(block);
  return std::move(b.out);
}

std::string markdown_plain_text(const RichText& text) {
  std::string out;
  for (const RichBlock& b : text.blocks) {
    if (b.kind == BlockKind::Rule) continue;
    // An item's bullet sits one level out from the text of its list.
    const int indent = b.kind == BlockKind::ListItem ? b.depth - 1 : b.depth;
    std::string line(2 * static_cast<std::size_t>(indent > 0 ? indent : 0), ' ');
    if (b.kind == BlockKind::ListItem) line += b.ordered ? std::to_string(b.number) + ". " : "• ";
    line += spans_plain(b.spans);
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

}  // namespace ap
