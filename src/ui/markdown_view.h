// Drawing lesson prose (the RichText model of lessons/markdown.h) with ImGui: headings
// larger in the accent colour, paragraphs wrapped to the column, emphasis and strong by
// colour, inline code and code blocks in the mono font, bullets and numbers, quotes
// indented. Links show their address in a tooltip and copy it (through the host) when
// clicked.
#pragma once

#include "app/host.h"
#include "lessons/markdown.h"

namespace ap {

void markdown_view(const RichText& text, Host& host);

// Inline Markdown (a goal's text) flowed from the cursor, wrapped to the column.
void markdown_inline(const RichText& text, Host& host);

}  // namespace ap
