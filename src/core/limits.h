// Every limit the program puts on its input, stated once. Each entry (State JSON, the URL
// form, window.attention, typed cells, lessons, attention-cli) checks these before any large
// allocation and names the limit in its message; README.md ("Limits") lists them for
// learners. Plain constants only: no code, so every layer (and the page, through
// ap_js_limits) can read them.
#pragma once

#include <cstddef>

namespace ap {

// [SECTION] Values
// Inputs are finite and at most this large in magnitude, so that every intermediate stays
// finite in double precision; temperatures lie in [kMinTemperature, kMaxTemperature].
inline constexpr double kMaxMagnitude = 1e6;
inline constexpr double kMinTemperature = 1e-6;
inline constexpr double kMaxTemperature = 1e6;

// [SECTION] Shapes
// Dear ImGui 1.86 tables hold at most 64 columns (IMGUI_TABLE_MAX_COLUMNS; its assert is
// compiled out in release builds, and a wider table writes out of bounds). The matrix
// editor spends one column on the row labels, so a matrix is at most 63 wide.
inline constexpr int kImGuiMaxTableColumns = 64;
inline constexpr int kMaxWidth = kImGuiMaxTableColumns - 1;  // d, d_k, d_v, d_o, a
inline constexpr int kMaxTokens = 4096;                      // rows: n_q, n_k
inline constexpr int kMaxHeads = kMaxWidth;                  // h divides every width
// All matrix entries of one state together (Q, K, V, W, W_q, W_k, v, W_o, a custom mask).
inline constexpr long kMaxStateCells = 1L << 18;

// [SECTION] Work per recomputation and per frame
// n_q·n_k·h score cells, and for additive scoring n_q·n_k·h·a tanh evaluations.
inline constexpr long kMaxScoreCells = 1L << 20;
inline constexpr long kMaxAdditiveWork = 1L << 24;
// The matrix editor draws only the rows in view: at most this many rows of cells per
// matrix and frame (the rest are spaced for, not drawn).
inline constexpr int kMaxEditorRowsDrawn = 40;
// Token chips (a text field and a × each) drawn per sequence; more tokens are summarised.
inline constexpr int kMaxTokenChipsDrawn = 64;
// Cells (widgets) the inputs may draw in one frame: eight matrix editors of
// kMaxEditorRowsDrawn rows × kMaxWidth columns, and two rows of token chips.
// state_frame_work() stays below it for every valid state.
inline constexpr long kMaxUiCellsPerFrame =
    8L * kMaxEditorRowsDrawn * kMaxWidth + 2L * kMaxTokenChipsDrawn;

// [SECTION] Text
inline constexpr std::size_t kMaxJsonBytes = 8u << 20;  // a State JSON (file, API, lesson)
inline constexpr std::size_t kMaxUrlBytes = 1u << 20;   // the URL form (hash, url-decode)
// JSON values of any kind in one document: the cells of the largest state and room for the
// rest. The parser stops here, so a document of tiny values cannot build a huge tree.
inline constexpr long kMaxJsonValues = kMaxStateCells + (1L << 16);
inline constexpr std::size_t kMaxTokenLabel = 64;           // bytes of one token label
inline constexpr std::size_t kMaxCommentBytes = 4096;       // the State's free-text "comment"
inline constexpr std::size_t kMaxCellText = 63;             // characters typed into one cell
inline constexpr std::size_t kMaxLessonBytes = 256u << 10;  // one lesson file
// A file in a lessons folder is read up to here, so that a lesson over kMaxLessonBytes can
// still be told by how much it is too long; a bigger file is not read at all.
inline constexpr std::size_t kMaxLessonFileRead = 1u << 20;
inline constexpr std::size_t kMaxNameBytes = 256;  // lesson ids, widget names, other names
// Quotes of the input inside an error message are cut (at a character boundary) here.
inline constexpr std::size_t kMaxQuoteBytes = 40;

// [SECTION] Models
// One input line of `attention-cli run TASK` (JSON lines): a longer line is skipped to its
// end without being stored and answered with an error.
inline constexpr std::size_t kMaxRunLineBytes = 64u << 10;
// Words of one sentiment review (typed in the page or read by `attention-cli run`).
inline constexpr int kMaxReviewWords = 256;
// The qa model has one temporal embedding row per sentence counted from the end of the
// story, so a story holds at most this many sentences; one sentence or question is bounded
// in bytes; hops of a loaded qa model.
inline constexpr int kMaxQaSentences = 10;
inline constexpr std::size_t kMaxQaTextBytes = 256;
inline constexpr int kMaxQaHops = 8;
// A transformer model file (models/transformer.h) is refused beyond these sizes before its
// parameters are allocated; its context bounds the positions of one `run induction` line.
inline constexpr int kMaxTransformerLayers = 16;
inline constexpr int kMaxTransformerWidth = 1024;  // width, MLP width, vocabulary, additive a
inline constexpr int kMaxTransformerContext = 1024;
inline constexpr long long kMaxTransformerParameters = 1LL << 22;

// [SECTION] Scale lab (app/scale_lab.h)
// The lab measures f32 attention at n up to kScaleLabMaxTokens (d = 64). Every path may use
// at most kScaleLabBudgetBytes for its inputs, output and workspace: dense, whose n × n
// weights outgrow it first, is refused past that with a message. A measurement runs in
// slices of at most kScaleLabPairsPerSlice (query, key) pairs, and a frame works at most
// kScaleLabSecondsPerFrame (at least one slice), so the page never freezes. The weights map
// samples at most kScaleLabMapSide rows into as many column bins.
inline constexpr int kScaleLabMaxTokens = 16384;
inline constexpr long long kScaleLabBudgetBytes = 64LL << 20;
inline constexpr long long kScaleLabPairsPerSlice = 1LL << 19;
inline constexpr double kScaleLabSecondsPerFrame = 0.008;
inline constexpr int kScaleLabMapSide = 96;

}  // namespace ap
