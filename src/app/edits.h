// Edits that change the shape or the kind of a State and must keep every part of it
// consistent: adding or removing tokens (labels, Q/K/V rows, masks, global tokens),
// changing widths or heads (scoring parameters follow), switching scoring, randomizing
// with a seed, toggling mask cells. Each takes a valid State and returns a valid State,
// or leaves it unchanged and returns false with *why set. No UI code here.
#pragma once

#include <cstdint>
#include <string>

#include "state/state.h"

namespace ap {

// Self-attention: one token list for queries and keys (Q and K have equal rows and the
// same labels). Otherwise queries and keys are edited separately (cross-attention).
bool state_is_self_attention(const State& s);

enum class TokenSide { Both, Query, Key };

bool edit_add_token(State& s, TokenSide side, const std::string& label, std::string* why);
bool edit_remove_token(State& s, TokenSide side, int index, std::string* why);
bool edit_rename_token(State& s, TokenSide side, int index, const std::string& label,
                       std::string* why);

// d: width of Q and K (kept equal for dot/scaled-dot); d_v: width of V.
bool edit_set_widths(State& s, int d, int d_v, std::string* why);
bool edit_set_heads(State& s, int heads, std::string* why);

// Switches scoring; parameters of the new kind are created when missing or mis-shaped.
void edit_set_scoring(State& s, ScoringKind kind);

// Fills Q, K, V and the scoring parameters with N(0, 1) values rounded to 2 decimals,
// the same for a given seed on every platform.
void edit_randomize(State& s, std::uint64_t seed);

// Flips whether query i may attend to key j; the mask becomes a custom one that starts
// from the current mask's pattern.
void edit_toggle_mask_cell(State& s, int i, int j);

// The mask kind picker: None, Causal, Padding (valid_length = n_k − 1), Custom (the
// current pattern).
void edit_set_mask_kind(State& s, MaskKind kind);

// Separates query tokens from key tokens (cross-attention) or joins them again when the
// counts allow (self-attention: K takes Q's labels).
bool edit_set_self_attention(State& s, bool self, std::string* why);

// Parameters of a scoring kind for the given per-head widths (identity-like, so that a
// newly chosen kind gives sensible scores at once).
ScoringParams default_scoring_params(ScoringKind kind, int d_h, int dk_h);

}  // namespace ap
