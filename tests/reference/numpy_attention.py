"""Independent NumPy reference of the attention core, written from the maths in the State
schema, not from the C++. Reads a JSON array of State objects on stdin and writes a JSON
array of results on stdout, one {"scores", "scaled", "weights", "output", "entropy"} per
state (per-head lists [h][n_q][...] when heads > 1). Used by tests/native/test_numpy_reference.cpp.
Needs only NumPy: /usr/bin/python3 numpy_attention.py < states.json > results.json
"""
import json
import sys

import numpy as np


def matrix(rows, n_cols=None):
    """JSON array of rows -> 2-D float array (n_cols, when given, fixes the width)."""
    m = np.array(rows, dtype=np.float64)
    return m.reshape(len(rows), -1 if n_cols is None else n_cols)


def head_scores(state, q, k):
    """q (n_q x d_h), k (n_k x dk_h) -> scores (n_q x n_k)."""
    kind = state.get("scoring", "scaled_dot")
    if kind == "dot":
        return q @ k.T
    if kind == "scaled_dot":
        return q @ k.T / np.sqrt(k.shape[1])
    if kind == "general":
        return q @ matrix(state["W"]) @ k.T
    if kind == "additive":
        wq, wk = matrix(state["Wq"]), matrix(state["Wk"])
        v = np.array(state["v"], dtype=np.float64)
        # hidden[i, j, :] = Wq q_i + Wk k_j, shape (n_q x n_k x a)
        hidden = (q @ wq.T)[:, None, :] + (k @ wk.T)[None, :, :]
        return np.tanh(hidden) @ v
    if kind == "cosine":
        # qᵀk / (‖q‖ ‖k‖), each length guarded as sqrt(‖x‖² + eps²) so a zero row scores 0
        eps = 1e-6
        qn = np.sqrt((q * q).sum(axis=1) + eps * eps)
        kn = np.sqrt((k * k).sum(axis=1) + eps * eps)
        return (q @ k.T) / np.outer(qn, kn)
    raise ValueError("unknown scoring " + repr(kind))


def mask_allowed(state, n_q, n_k):
    """(n_q x n_k) bool: which keys each query may see under the mask alone."""
    mask = state.get("mask", "none")
    i = np.arange(n_q)[:, None]
    j = np.arange(n_k)[None, :]
    if isinstance(mask, list):
        return matrix(mask, n_k) != 0
    if mask == "none":
        return np.ones((n_q, n_k), dtype=bool)
    if mask == "causal":
        return j <= i
    if mask == "padding":
        return np.broadcast_to(j < state["valid_length"], (n_q, n_k)).copy()
    raise ValueError("unknown mask " + repr(mask))


def local_pattern(sparsity, n_q, n_k):
    """(n_q x n_k) bool: union of the enabled window / stride / global patterns."""
    i = np.arange(n_q)[:, None]
    j = np.arange(n_k)[None, :]
    dist = np.abs(i - j)
    window = sparsity.get("window", -1)
    stride = sparsity.get("stride", 0)
    glob = sparsity.get("global", [])
    keep = np.zeros((n_q, n_k), dtype=bool)
    enabled = False
    if window is not None and window >= 0:
        keep |= dist <= window
        enabled = True
    if stride is not None and stride > 0:
        keep |= dist % stride == 0
        enabled = True
    if glob:
        g = np.array(glob)
        keep |= np.isin(j, g) | np.isin(i, g) | (i == j)
        enabled = True
    return keep if enabled else np.ones((n_q, n_k), dtype=bool)


def apply_top_k(scaled, allowed, k):
    """Keeps in each row the k largest scaled scores among allowed keys (ties: lower j)."""
    out = np.zeros_like(allowed)
    for r in range(scaled.shape[0]):
        cand = np.flatnonzero(allowed[r])
        # stable sort on -score keeps the lower key index first among equal scores
        order = cand[np.argsort(-scaled[r, cand], kind="stable")]
        out[r, order[:k]] = True
    return out


def softmax_rows(scaled, allowed):
    """Max-subtracted softmax over allowed keys; a row with none allowed is all zero."""
    any_allowed = allowed.any(axis=1, keepdims=True)
    row_max = np.where(allowed, scaled, -np.inf).max(axis=1, keepdims=True)
    shifted = np.where(allowed, scaled - np.where(any_allowed, row_max, 0.0), -np.inf)
    e = np.exp(shifted)
    total = e.sum(axis=1, keepdims=True)
    return np.where(any_allowed, e / np.where(any_allowed, total, 1.0), 0.0)


def entropy_rows(w):
    """-sum w ln w in nats, with 0 ln 0 = 0."""
    logs = np.log(np.where(w > 0, w, 1.0))
    return -(w * logs).sum(axis=1)


def attend(state):
    q_all, k_all = matrix(state["Q"]), matrix(state["K"])
    v_all = matrix(state["V"])
    h = state.get("heads", 1)
    n_q, n_k = q_all.shape[0], k_all.shape[0]
    temperature = state.get("temperature", 1.0)
    sparsity = state.get("sparsity") or {}
    allowed = mask_allowed(state, n_q, n_k) & local_pattern(sparsity, n_q, n_k)
    top_k = sparsity.get("top_k", 0) or 0

    dq, dk, dv = q_all.shape[1] // h, k_all.shape[1] // h, v_all.shape[1] // h
    heads = []
    for t in range(h):
        q = q_all[:, t * dq:(t + 1) * dq]
        k = k_all[:, t * dk:(t + 1) * dk]
        v = v_all[:, t * dv:(t + 1) * dv]
        scores = head_scores(state, q, k)
        scaled = scores / temperature
        head_allowed = apply_top_k(scaled, allowed, top_k) if top_k > 0 else allowed
        weights = softmax_rows(scaled, head_allowed)
        heads.append((scores, scaled, weights, weights @ v, entropy_rows(weights)))

    output = np.concatenate([hd[3] for hd in heads], axis=1)
    if state.get("Wo"):
        output = output @ matrix(state["Wo"])

    def stage(index):
        per_head = [hd[index].tolist() for hd in heads]
        return per_head[0] if h == 1 else per_head

    return {"scores": stage(0), "scaled": stage(1), "weights": stage(2),
            "output": output.tolist(), "entropy": stage(4)}


def main():
    states = json.load(sys.stdin)
    # one dumps() call uses the C encoder; json.dump() would write token by token
    sys.stdout.write(json.dumps([attend(s) for s in states]))


if __name__ == "__main__":
    main()
