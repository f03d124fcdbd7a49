// Lesson prose as a small rich-text model the UI can draw line by line: headings,
// paragraphs, code blocks, list items (with nesting depth) and rules, each a run of styled
// spans. Parsed with md4c (CommonMark; raw HTML is shown as text, tables and images are not
// supported), plus one convention of maths prose: W_k and a_{ij} outside code make the part
// after "_" a subscript span. No drawing here; also gives the plain text for the
// screen-reader region.
#pragma once

#include <string>
#include <vector>

namespace ap {

struct Span {
  std::string text;
  bool emphasis = false;   // *x*
  bool strong = false;     // **x**
  bool code = false;       // `x`
  bool subscript = false;  // the "k" of W_k or the "ij" of a_{ij} in prose (not in code)
  std::string link;        // target URL of [x](url), empty when not a link
};

enum class BlockKind { Heading, Paragraph, Code, ListItem, Rule };

struct RichBlock {
  BlockKind kind = BlockKind::Paragraph;
  int level = 0;            // heading level 1–6
  int depth = 0;            // list nesting: 1 for a top-level item; paragraphs/code in a list too
  bool ordered = false;     // list item of a numbered list
  int number = 0;           // its number (1., 2., …)
  bool quote = false;       // inside a "> " block quote
  std::string language;     // code block info word ("python", …)
  std::vector<Span> spans;  // a code block holds one span with code = true
};

struct RichText {
  std::vector<RichBlock> blocks;
};

// Never fails: any text is some Markdown.
RichText markdown_parse(const std::string& md);

// The same content as plain text, one block per line, list items as "• x" / "2. x" indented
// by depth, links as "text (url)", subscripts written back as "_k".
std::string markdown_plain_text(const RichText& text);

}  // namespace ap
