// Generates the NumPy and PyTorch scripts of export_code.h. One generator serves both: the
// two scripts share their shape line for line and differ only in spellings (Script::torch).
// Only the code the state needs is written: no additive code for dot scoring, no mask code
// without a mask, no head loop for one head.
//
// [SECTION] Literals
// [SECTION] Inputs
// [SECTION] Mask and sparse pattern
// [SECTION] One head's stages
// [SECTION] Heads, W_o and printing
#include "app/export_code.h"

#include <nlohmann/json.hpp>

#include "app/export_data.h"

namespace ap {
namespace {

struct Script {
  bool torch = false;
  std::string pad;  // indentation of the lines being written
  std::string text;
  void line(const std::string& s = "") { text += s.empty() ? "\n" : pad + s + "\n"; }
  // Ends the text with at least n blank lines (PEP 8: two around a top-level def).
  void gap(int n) {
    int blank = 0;
    while (blank < n && text.ends_with(std::string(blank + 2, '\n'))) ++blank;
    text.append(n - blank, '\n');
  }
  // A comment, wrapped between words to stay within 100 columns.
  void comment(const std::string& s) {
    std::string row = "#";
    std::size_t at = 0;
    while (at < s.size()) {
      std::size_t end = s.find(' ', at);
      if (end == std::string::npos) end = s.size();
      const std::string word = s.substr(at, end - at);
      if (row.size() > 1 && row.size() + 1 + word.size() > 90) {
        line(row);
        row = "#";
      }
      row += " " + word;
      at = end + 1;
    }
    line(row);
  }
  // NumPy or PyTorch spelling of the same thing.
  const char* pick(const char* numpy, const char* pytorch) const { return torch ? pytorch : numpy; }
};

// ---------------------------------------------------------------------------------------
// [SECTION] Literals
// ---------------------------------------------------------------------------------------

// A JSON string literal is also a valid Python one (labels are valid UTF-8).
std::string py_string(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string py_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

std::string py_strings(const std::vector<std::string>& labels) {
  std::vector<std::string> quoted;
  for (const std::string& l : labels) quoted.push_back(py_string(l));
  return py_list(quoted);
}

std::string shape(Eigen::Index rows, Eigen::Index cols) {
  return "(" + std::to_string(rows) + " × " + std::to_string(cols) + ")";
}

// NAME = np.array([  # comment
//     [row 0],
// ])
template <class M, class Cell>
void assign_matrix(Script& s, const std::string& name, const M& m, const std::string& comment,
                   const char* numpy_close, const char* torch_close, Cell cell) {
  s.line(name + " = " + s.pick("np.array", "torch.tensor") + "([  # " + comment);
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    std::vector<std::string> row;
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(cell(m(i, j)));
    s.line("    " + py_list(row) + ",");
  }
  s.line(std::string("]") + s.pick(numpy_close, torch_close) + ")");
}

void assign_numbers(Script& s, const std::string& name, const Matrix& m,
                    const std::string& comment) {
  assign_matrix(s, name, m, comment, "", ", dtype=torch.float64",
                [](double x) { return format_number(x); });
}

// ---------------------------------------------------------------------------------------
// [SECTION] Inputs
// ---------------------------------------------------------------------------------------

// One line saying what the script computes, for its opening comment.
std::string summary(const AttentionInput& in) {
  std::string out = std::string(scoring_info(in.scoring.kind).phrase) + " scoring, " +
                    mask_info(in.mask.kind).phrase;
  const SparsitySpec& sp = in.sparsity;
  if (sp.window >= 0) out += ", window " + std::to_string(sp.window);
  if (sp.stride > 0) out += ", stride " + std::to_string(sp.stride);
  if (!sp.global.empty()) out += ", global tokens";
  if (sp.top_k > 0) out += ", top-" + std::to_string(sp.top_k);
  if (in.heads > 1) out += ", " + std::to_string(in.heads) + " heads";
  if (in.Wo.size() > 0) out += ", output projection W_o";
  return out;
}

void write_header(Script& s, const State& st) {
  s.line("#!/usr/bin/env python3");
  s.comment("Attention exported from Attention Playground: " + summary(st.input) + ".");
  s.line(
      s.pick("# It recomputes the playground's stages with NumPy, in float64 like the playground.",
             "# It recomputes the playground's stages with PyTorch, in float64 like the "
             "playground."));
  // The file names the Export menu gives the downloads (src/ui/export_menu.cpp).
  const std::string file = s.pick("attention_numpy.py", "attention_pytorch.py");
  s.line("#     python3 " + file + "          prints the attention weights and the output");
  s.line("#     python3 " + file +
         " --json   prints {\"weights\": ..., \"output\": ...} at full "
         "precision");
  s.line("import json");
  if (s.torch) s.line("import math");
  s.line("import sys");
  s.gap(1);
  s.line(s.pick("import numpy as np", "import torch"));
  s.gap(1);
}

// The parameters of the kind's row (kinds.h), each with its shape in a comment.
void write_scoring_params(Script& s, const AttentionInput& in) {
  const ScoringParams& p = in.scoring;
  const ScoringKindInfo& kind = scoring_info(p.kind);
  if (kind.param_count == 0) return;
  s.line("# " + std::string(kind.label) + " scoring: score(q, k) = " + kind.formula + ".");
  const bool per_head = in.heads > 1;
  const std::string shared = per_head ? ", shared by the heads" : "";
  for (ScoringParam param : kind.param_list()) {
    const ScoringParamInfo& info = scoring_param_info(param);
    const Eigen::Map<const Matrix> values = scoring_param_values(p, param);
    const std::string shape_text = scoring_param_shape_text(param, per_head);
    if (!info.is_vector()) {
      assign_numbers(s, info.name, values,
                     shape_text + " = " + shape(values.rows(), values.cols()) + shared);
      continue;
    }
    std::vector<std::string> v;
    for (Eigen::Index i = 0; i < values.size(); ++i) v.push_back(format_number(values(0, i)));
    s.line(std::string(info.name) + " = " + s.pick("np.array(", "torch.tensor(") + py_list(v) +
           s.pick(")", ", dtype=torch.float64)") + "  # " + shape_text + " = (" +
           std::to_string(values.size()) + ")" + shared);
  }
  s.gap(1);
}

void write_inputs(Script& s, const State& st) {
  const AttentionInput& in = st.input;
  s.line("# Token labels: one per query (row of Q) and one per key (row of K and V).");
  s.line("query_tokens = " + py_strings(st.query_tokens));
  s.line("key_tokens = " + (st.key_tokens == st.query_tokens ? std::string("query_tokens")
                                                             : py_strings(st.key_tokens)));
  s.gap(1);
  s.line("# Queries, keys and values: one row per token.");
  assign_numbers(s, "Q", in.Q, "(n_q × d) = " + shape(in.Q.rows(), in.Q.cols()));
  assign_numbers(s, "K", in.K, "(n_k × d_k) = " + shape(in.K.rows(), in.K.cols()));
  assign_numbers(s, "V", in.V, "(n_k × d_v) = " + shape(in.V.rows(), in.V.cols()));
  s.gap(1);
  write_scoring_params(s, in);
  if (in.scoring.kind == ScoringKind::Cosine) {
    s.line("# Cosine scoring divides by √(‖q‖² + eps²) √(‖k‖² + eps²), like the playground, so a");
    s.line("# zero query or key scores 0 instead of 0/0.");
    s.line("eps = " + format_number(kCosineEpsilon));
    s.gap(1);
  }
  s.line("# weights = softmax(scores / temperature): above 1 flattens them, below 1 sharpens.");
  s.line("temperature = " + format_number(in.temperature));
  if (in.heads > 1) s.line("heads = " + std::to_string(in.heads));
  if (in.Wo.size() > 0) {
    s.line("# Output projection: output = concat(head outputs) · W_o.");
    assign_numbers(s, "W_o", in.Wo, "(d_v × d_o) = " + shape(in.Wo.rows(), in.Wo.cols()));
  }
  s.gap(1);
}

// ---------------------------------------------------------------------------------------
// [SECTION] Mask and sparse pattern
// ---------------------------------------------------------------------------------------

bool has_pattern(const AttentionInput& in) {
  return in.mask.kind != MaskKind::None || in.sparsity.any_local() || in.sparsity.top_k > 0;
}

void write_mask(Script& s, const AttentionInput& in) {
  switch (in.mask.kind) {
    case MaskKind::None:
      break;
    case MaskKind::Causal:
      s.line(s.pick("allowed = np.tril(np.ones((n_q, n_k), dtype=bool))",
                    "allowed = torch.ones(n_q, n_k, dtype=torch.bool).tril()") +
             std::string("  # causal: query i sees keys j ≤ i"));
      break;
    case MaskKind::Padding:
      s.line("valid_length = " + std::to_string(in.mask.valid_length));
      s.line("allowed = j < valid_length  # padding: the keys from valid_length on are padding");
      break;
    case MaskKind::Custom:
      assign_matrix(s, "allowed", in.mask.allowed, "custom mask (n_q × n_k): 1 = may attend",
                    ", dtype=bool", ", dtype=torch.bool",
                    [](std::uint8_t x) { return std::string(x ? "1" : "0"); });
      break;
  }
}

// pattern = window ∪ stride ∪ global: each enabled rule after the first is or-ed in.
void write_local_pattern(Script& s, const SparsitySpec& sp) {
  s.line("# Sparse pattern: the union of the enabled rules below, intersected with the mask.");
  const char* op = "pattern = ";
  if (sp.window >= 0) {
    s.line("window = " + std::to_string(sp.window));
    s.line(std::string(op) + "abs(i - j) <= window  # keys at most `window` positions away");
    op = "pattern |= ";
  }
  if (sp.stride > 0) {
    s.line("stride = " + std::to_string(sp.stride));
    s.line(std::string(op) + "abs(i - j) % stride == 0  # keys a multiple of `stride` away");
    op = "pattern |= ";
  }
  if (!sp.global.empty()) {
    std::vector<std::string> g;
    for (int x : sp.global) g.push_back(std::to_string(x));
    s.line(std::string("global_tokens = ") +
           (s.torch ? "torch.tensor(" + py_list(g) + ")" : py_list(g)));
    s.line(
        "# A global query sees every key and a global key is seen by every query; i = j is kept.");
    s.line(std::string(op) +
           s.pick("np.isin(i, global_tokens) | np.isin(j, global_tokens)",
                  "torch.isin(i, global_tokens) | torch.isin(j, global_tokens)") +
           " | (i == j)");
  }
}

// Writes `allowed` (n_q × n_k, True = may attend) before the heads, which all share it.
void write_pattern(Script& s, const AttentionInput& in) {
  const SparsitySpec& sp = in.sparsity;
  s.line("# Which keys each query may attend to (True = allowed), the same for every head.");
  s.line("n_q, n_k = Q.shape[0], K.shape[0]");
  if (in.mask.kind == MaskKind::Padding || sp.any_local()) {
    s.line("# i and j hold the query index and the key index of each (query, key) cell.");
    s.line(s.pick("i, j = np.indices((n_q, n_k))",
                  "i, j = torch.meshgrid(torch.arange(n_q), torch.arange(n_k), indexing=\"ij\")"));
  }
  write_mask(s, in);
  if (sp.any_local()) {
    write_local_pattern(s, sp);
    s.line(in.mask.kind == MaskKind::None ? "allowed = pattern" : "allowed &= pattern");
  } else if (in.mask.kind == MaskKind::None) {
    s.line(s.pick("allowed = np.ones((n_q, n_k), dtype=bool)",
                  "allowed = torch.ones(n_q, n_k, dtype=torch.bool)") +
           std::string("  # no mask"));
  }
  if (sp.top_k > 0) {
    s.line("top_k = " + std::to_string(sp.top_k));
    s.gap(2);
    s.line("def keep_top_k(scaled, allowed, k):");
    s.line("    # In each row keep only the k largest scaled scores among the allowed keys. A");
    s.line("    # stable sort leaves equal scores in key order: ties go to the lower key index.");
    s.line(s.pick("    kept = np.zeros_like(allowed)", "    kept = torch.zeros_like(allowed)"));
    s.line("    for row in range(allowed.shape[0]):");
    s.line(s.pick("        keys = np.flatnonzero(allowed[row])",
                  "        keys = allowed[row].nonzero().flatten()"));
    s.line(s.pick(
        "        order = np.argsort(-scaled[row, keys], kind=\"stable\")",
        "        order = torch.sort(scaled[row, keys], descending=True, stable=True).indices"));
    s.line("        kept[row, keys[order[:k]]] = True");
    s.line("    return kept");
    s.gap(2);
  }
  s.gap(1);
}

// ---------------------------------------------------------------------------------------
// [SECTION] One head's stages
// ---------------------------------------------------------------------------------------

// Stage 1; q and k name the (per-head) query and key matrices.
void write_scores(Script& s, ScoringKind kind, const std::string& q, const std::string& k) {
  s.line("# 1. Raw scores (n_q × n_k), one per query/key pair:");
  switch (kind) {
    case ScoringKind::Dot:
      s.line("scores = " + q + " @ " + k + ".T  # qᵀk");
      break;
    case ScoringKind::ScaledDot:
      s.line("scores = " + q + " @ " + k + ".T / " + s.pick("np", "math") + ".sqrt(" + k +
             ".shape[1])  # qᵀk / √d_k");
      break;
    case ScoringKind::General:
      s.line("scores = " + q + " @ W @ " + k + ".T  # qᵀ W k");
      break;
    case ScoringKind::Additive:
      s.line("# the hidden layer of every pair, (n_q × n_k × a), by broadcasting");
      s.line(std::string("hidden = ") + s.pick("np", "torch") + ".tanh((" + q +
             " @ Wq.T)[:, None, :] + (" + k + " @ Wk.T)[None, :, :])");
      s.line("scores = hidden @ v  # vᵀ tanh(W_q q + W_k k)");
      break;
    case ScoringKind::Cosine: {
      const std::string sum = s.pick(".sum(axis=1)", ".sum(dim=1)");
      const std::string sqrt = s.pick("np.sqrt", "torch.sqrt");
      s.line("# the length √(‖x‖² + eps²) of every query and of every key");
      s.line("q_len = " + sqrt + "((" + q + " ** 2)" + sum + " + eps ** 2)");
      s.line("k_len = " + sqrt + "((" + k + " ** 2)" + sum + " + eps ** 2)");
      s.line("scores = " + q + " @ " + k + ".T / " + s.pick("np", "torch") +
             ".outer(q_len, k_len)  # qᵀk / (‖q‖ ‖k‖), in [−1, 1]");
      break;
    }
  }
}

// Stages 3 and 4 when some keys may be hidden: −∞ there, and zero weights for a row
// that hides every key (where a plain softmax would divide 0 by 0).
void write_masked_softmax(Script& s, bool top_k) {
  const std::string keep = top_k ? "kept" : "allowed";
  s.line("# 3. Masked: −∞ where the query may not attend.");
  if (top_k) {
    s.line("#    Top-k first keeps, in each row, only the top_k best-scoring allowed keys.");
    s.line("kept = keep_top_k(scaled, allowed, top_k)");
  }
  if (!s.torch) {
    s.line("masked = np.where(" + keep + ", scaled, -np.inf)");
    s.line("# 4. Softmax weights over each row's allowed keys, max-subtracted so exp cannot");
    s.line("#    overflow; a fully masked row (all −∞) gets zero weights instead of 0/0.");
    s.line("row_max = masked.max(axis=1, keepdims=True)");
    s.line("row_max[np.isneginf(row_max)] = 0.0");
    s.line("e = np.exp(masked - row_max)");
    s.line("total = e.sum(axis=1, keepdims=True)");
    s.line("weights = np.divide(e, total, out=np.zeros_like(e), where=total > 0)");
  } else {
    s.line("masked = scaled.masked_fill(~" + keep + ", float(\"-inf\"))");
    s.line("# 4. Softmax weights over each row's allowed keys (torch.softmax subtracts the max).");
    s.line("#    A fully masked row (all −∞) would be NaN = 0/0; the playground gives it zeros.");
    s.line("weights = torch.softmax(masked, dim=-1).masked_fill(~" + keep +
           ".any(dim=-1, keepdim=True), 0.0)");
  }
}

// Stages 1–5 on q, k, v (the whole matrices, or one head's blocks).
void write_stages(Script& s, const AttentionInput& in, const std::string& q, const std::string& k,
                  const std::string& v) {
  write_scores(s, in.scoring.kind, q, k);
  s.line("# 2. Scaled by the temperature.");
  s.line("scaled = scores / temperature");
  if (has_pattern(in)) {
    write_masked_softmax(s, in.sparsity.top_k > 0);
  } else {
    s.line("# 3. Masked: nothing to mask, every query may attend to every key.");
    if (!s.torch) {
      s.line("# 4. Softmax weights over the keys, max-subtracted so exp cannot overflow.");
      s.line("e = np.exp(scaled - scaled.max(axis=1, keepdims=True))");
      s.line("weights = e / e.sum(axis=1, keepdims=True)");
    } else {
      s.line("# 4. Softmax weights over the keys (torch.softmax subtracts the max).");
      s.line("weights = torch.softmax(scaled, dim=-1)");
    }
  }
  s.line("# 5. Output: each query's average of the value rows, weighted by its weights.");
  s.line("output = weights @ " + v + "  # (n_q × d_v" + (in.heads > 1 ? "/h)" : ")"));
}

// ---------------------------------------------------------------------------------------
// [SECTION] Heads, W_o and printing
// ---------------------------------------------------------------------------------------

void write_heads(Script& s, const AttentionInput& in) {
  if (in.heads == 1) {
    write_stages(s, in, "Q", "K", "V");
    if (in.Wo.size() > 0) {
      s.line("# 6. Output projection (n_q × d_o).");
      s.line("output = output @ W_o");
    }
    s.gap(1);
    return;
  }
  s.gap(2);
  s.line("def attend_head(Qh, Kh, Vh):");
  s.line("    # Stages 1–5 for one head; returns its weights and its output.");
  s.pad = "    ";
  write_stages(s, in, "Qh", "Kh", "Vh");
  s.line("return weights, output");
  s.pad = "";
  s.gap(2);
  s.line("# Multi-head: Q, K and V are split into `heads` blocks of adjacent columns; each head");
  s.line("# runs stages 1–5 on its own blocks, with the same scoring parameters and mask.");
  s.line("head_weights, head_outputs = [], []");
  s.line(
      s.pick("blocks = zip(np.split(Q, heads, axis=1), np.split(K, heads, axis=1), "
             "np.split(V, heads, axis=1))",
             "blocks = zip(Q.chunk(heads, dim=1), K.chunk(heads, dim=1), V.chunk(heads, dim=1))"));
  s.line("for Qh, Kh, Vh in blocks:");
  s.line("    weights, output = attend_head(Qh, Kh, Vh)");
  s.line("    head_weights.append(weights)");
  s.line("    head_outputs.append(output)");
  const bool wo = in.Wo.size() > 0;
  s.line(std::string("# 6. The heads' outputs side by side (n_q × d_v)") +
         (wo ? ", projected by W_o (n_q × d_o)." : "."));
  s.line(std::string("output = ") +
         s.pick("np.concatenate(head_outputs, axis=1)", "torch.cat(head_outputs, dim=1)") +
         (wo ? " @ W_o" : ""));
  s.gap(1);
}

void write_printing(Script& s, const AttentionInput& in) {
  s.gap(2);
  s.line("def show(title, rows, labels):");
  s.line("    print(title)");
  s.line("    width = max(len(label) for label in labels)");
  if (!s.torch) {
    s.line("    for label, row in zip(labels, rows):");
    s.line("        print(f\"  {label:>{width}}  {row}\")");
  } else {
    s.line("    for label, row in zip(labels, rows.tolist()):");
    s.line("        print(f\"  {label:>{width}}  \" + \" \".join(f\"{x:9.4f}\" for x in row))");
  }
  s.line("    print()");
  s.gap(2);
  const bool multi = in.heads > 1;
  s.line("if \"--json\" in sys.argv[1:]:");
  s.line("    # One JSON object; Python writes floats with every digit needed to read them back.");
  s.line(std::string("    print(json.dumps({\"weights\": ") +
         (multi ? "[w.tolist() for w in head_weights]" : "weights.tolist()") +
         ", \"output\": output.tolist()}))");
  s.line("else:");
  if (!s.torch) s.line("    np.set_printoptions(precision=4, suppress=True, linewidth=120)");
  s.line("    print(\"Keys:\", \", \".join(key_tokens))");
  s.line("    print()");
  if (multi) {
    s.line("    for h, w in enumerate(head_weights):");
    s.line(
        "        show(f\"Head {h + 1} attention weights (a row per query, a column per "
        "key):\", w, query_tokens)");
  } else {
    s.line(
        "    show(\"Attention weights (a row per query, a column per key):\", weights, "
        "query_tokens)");
  }
  s.line("    show(\"Output (a row per query):\", output, query_tokens)");
}

std::string export_script(const State& st, bool torch) {
  Script s;
  s.torch = torch;
  write_header(s, st);
  write_inputs(s, st);
  if (has_pattern(st.input)) write_pattern(s, st.input);
  write_heads(s, st.input);
  write_printing(s, st.input);
  return s.text;
}

}  // namespace

std::string export_numpy(const State& s) {
  return export_script(s, false);
}

std::string export_pytorch(const State& s) {
  return export_script(s, true);
}

}  // namespace ap
