// Tests of the Markdown model lessons are drawn from: block kinds, list nesting and
// numbering, span styles and links, entities, and the plain text for screen readers.
#include <doctest/doctest.h>

#include <string>

#include "lessons/markdown.h"

namespace {

// The text of a block's spans run together.
std::string text_of(const ap::RichBlock& b) {
  std::string out;
  for (const ap::Span& s : b.spans) out += s.text;
  return out;
}

}  // namespace

TEST_CASE("markdown_parse gives headings, paragraphs, code blocks and rules") {
  const ap::RichText t = ap::markdown_parse(
      "### Why √d\n\nFirst line\nsame paragraph.\n\n```python\nx = 1\ny = 2\n```\n\n---\n");
  REQUIRE(t.blocks.size() == 4);
  CHECK(t.blocks[0].kind == ap::BlockKind::Heading);
  CHECK(t.blocks[0].level == 3);
  CHECK(text_of(t.blocks[0]) == "Why √d");
  CHECK(t.blocks[1].kind == ap::BlockKind::Paragraph);
  CHECK(text_of(t.blocks[1]) == "First line same paragraph.");
  CHECK(t.blocks[2].kind == ap::BlockKind::Code);
  CHECK(t.blocks[2].language == "python");
  REQUIRE(t.blocks[2].spans.size() == 1);
  CHECK(t.blocks[2].spans[0].code);
  CHECK(t.blocks[2].spans[0].text == "x = 1\ny = 2");
  CHECK(t.blocks[3].kind == ap::BlockKind::Rule);
}

TEST_CASE("markdown_parse styles spans and keeps link targets") {
  const ap::RichText t = ap::markdown_parse(
      "Plain *em* **strong** `code` [a link](https://example.org/a?b=1&amp;c=2) ***both***.");
  REQUIRE(t.blocks.size() == 1);
  const auto& s = t.blocks[0].spans;
  REQUIRE(s.size() == 11);
  CHECK(s[0].text == "Plain ");
  CHECK(s[1].text == "em");
  CHECK(s[1].emphasis);
  CHECK_FALSE(s[1].strong);
  CHECK(s[3].text == "strong");
  CHECK(s[3].strong);
  CHECK(s[5].text == "code");
  CHECK(s[5].code);
  CHECK(s[7].text == "a link");
  CHECK(s[7].link == "https://example.org/a?b=1&c=2");
  CHECK(s[8].text == " ");
  CHECK(s[9].text == "both");
  CHECK(s[9].emphasis);
  CHECK(s[9].strong);
  CHECK(s[10].text == ".");
}

TEST_CASE("markdown_parse numbers list items and tracks their depth") {
  const ap::RichText t = ap::markdown_parse(
      "- one\n- two\n  - nested\n\n3. third\n4. fourth\n\n- loose\n\n  second paragraph\n");
  REQUIRE(t.blocks.size() == 7);
  CHECK(t.blocks[0].kind == ap::BlockKind::ListItem);
  CHECK(t.blocks[0].depth == 1);
  CHECK_FALSE(t.blocks[0].ordered);
  CHECK(text_of(t.blocks[1]) == "two");
  CHECK(t.blocks[2].depth == 2);
  CHECK(text_of(t.blocks[2]) == "nested");
  CHECK(t.blocks[3].ordered);
  CHECK(t.blocks[3].number == 3);
  CHECK(t.blocks[4].number == 4);
  CHECK(text_of(t.blocks[5]) == "loose");
  CHECK(t.blocks[6].kind == ap::BlockKind::Paragraph);
  CHECK(t.blocks[6].depth == 1);
  CHECK(text_of(t.blocks[6]) == "second paragraph");
}

TEST_CASE("markdown_parse shows raw HTML as text and decodes entities") {
  const ap::RichText t =
      ap::markdown_parse("<b>bold?</b> &lt;tag&gt; &#x221A;2 &#8730;3 &bogus;\n");
  REQUIRE(t.blocks.size() == 1);
  CHECK(text_of(t.blocks[0]) == "<b>bold?</b> <tag> √2 √3 &bogus;");
}

TEST_CASE("markdown_parse marks block quotes and survives empty and odd input") {
  const ap::RichText q = ap::markdown_parse("> quoted\n");
  REQUIRE(q.blocks.size() == 1);
  CHECK(q.blocks[0].quote);
  CHECK(ap::markdown_parse("").blocks.empty());
  CHECK(ap::markdown_parse(std::string("a\0b", 3)).blocks.size() == 1);
  CHECK(text_of(ap::markdown_parse(std::string("a\0b", 3)).blocks[0]) ==
        "a\xEF\xBF\xBD"
        "b");
}

TEST_CASE("markdown_plain_text reads like the page without styling") {
  const ap::RichText t = ap::markdown_parse(
      "## Title\n\nSee [the paper](https://arxiv.org/abs/1706.03762) and *this*.\n\n"
      "1. first\n   - inner\n\n---\n\n    code\n");
  CHECK(ap::markdown_plain_text(t) ==
        "Title\n"
        "See the paper (https://arxiv.org/abs/1706.03762) and this.\n"
        "1. first\n"
        "  • inner\n"
        "code");
}

TEST_CASE("markdown_parse makes W_k and a_{ij} subscripts in prose, not in code or names") {
  const ap::RichText t =
      ap::markdown_parse("vᵀtanh(W_q q + W_k k), a_{ij}, √d_k; snake_case and `W_k` stay.");
  REQUIRE(t.blocks.size() == 1);
  std::string subs, plain;
  for (const ap::Span& s : t.blocks[0].spans) {
    if (s.subscript)
      subs += s.text + "|";
    else
      plain += s.text;
  }
  CHECK(subs == "q|k|ij|k|");
  CHECK(plain == "vᵀtanh(W q + W k), a, √d; snake_case and W_k stay.");
  CHECK(ap::markdown_plain_text(t) ==
        "vᵀtanh(W_q q + W_k k), a_ij, √d_k; snake_case and W_k stay.");
}
