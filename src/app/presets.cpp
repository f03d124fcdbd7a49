// The preset examples; see presets.h. Kept as JSON so they read like the files a teacher
// writes, and so they exercise the same decoder.
#include "app/presets.h"

namespace ap {

const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {
      {"The cat sat down",
       "Four tokens in two dimensions, scaled dot-product: the starting example.", nullptr},
      {"Which key wins?", "One query and three keys: the key most aligned with the query wins.",
       R"({"query_tokens":["query"],"key_tokens":["north","east","south"],
           "Q":[[0.2,1.5]],"K":[[0,1],[1,0],[0,-1]],"V":[[1,0],[0,1],[-1,0]],"scoring":"dot"})"},
      {"Translation (cross-attention)",
       "French queries attend over English keys; adjective and noun swap order.",
       R"({"query_tokens":["le","chat","noir","dort"],"key_tokens":["the","black","cat","sleeps"],
           "Q":[[1,0,0,0],[0,0,1,0],[0,1,0,0],[0,0,0,1]],
           "K":[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]],
           "V":[[1,0],[0,1],[1,1],[-1,0]],"scoring":"scaled_dot","temperature":0.25})"},
      {"Causal language model", "Each token sees only itself and the tokens before it.",
       R"({"tokens":["I","think","therefore","I","am"],
           "Q":[[0.5,0.1],[0.9,-0.3],[0.1,0.8],[0.5,0.1],[-0.4,0.6]],
           "K":[[0.6,0.2],[1.0,-0.2],[0.0,0.9],[0.6,0.2],[-0.5,0.5]],
           "V":[[1,0],[0,1],[0.5,0.5],[1,0],[0,-1]],"mask":"causal"})"},
      {"Padding", "A batch padded to five tokens: the two [pad] keys are masked out.",
       R"({"tokens":["hello","world","!","[pad]","[pad]"],
           "Q":[[1,0],[0,1],[0.7,0.7],[0,0],[0,0]],"K":[[1,0],[0,1],[0.7,0.7],[0,0],[0,0]],
           "V":[[1,0],[0,1],[0.5,0.5],[0,0],[0,0]],"mask":"padding","valid_length":3})"},
      {"Additive (Bahdanau)", "A small feed-forward network scores each query–key pair.",
       R"({"tokens":["the","cat","sat","down"],
           "Q":[[1,0.2],[0.3,1],[-0.5,0.8],[0.9,-0.4]],"K":[[0.8,0.1],[0.2,1.2],[-0.6,0.5],[1,-0.7]],
           "V":[[1,0],[0,1],[0.5,0.5],[-1,0.5]],"scoring":"additive",
           "Wq":[[1,0],[0,1],[0.5,-0.5]],"Wk":[[1,0],[0,1],[-0.5,0.5]],"v":[1,1,0.5]})"},
      {"General (bilinear)", "W decides which query directions match which key directions.",
       R"({"tokens":["the","cat","sat","down"],
           "Q":[[1,0.2],[0.3,1],[-0.5,0.8],[0.9,-0.4]],"K":[[0.8,0.1],[0.2,1.2],[-0.6,0.5],[1,-0.7]],
           "V":[[1,0],[0,1],[0.5,0.5],[-1,0.5]],"scoring":"general","W":[[0,1],[1,0]]})"},
      {"Two heads", "d = 4 split into two heads of width 2, each with its own pattern.",
       R"({"tokens":["a","b","c","d"],
           "Q":[[1,0,0,1],[0,1,1,0],[1,1,0,0],[0,0,1,1]],"K":[[1,0,1,0],[0,1,0,1],[1,1,1,1],[0,0,0,0]],
           "V":[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]],"heads":2})"},
      {"Sliding window", "Eight tokens, each attending only to neighbours within distance 1.",
       R"({"tokens":["t1","t2","t3","t4","t5","t6","t7","t8"],
           "Q":[[1,0],[0.7,0.7],[0,1],[-0.7,0.7],[-1,0],[-0.7,-0.7],[0,-1],[0.7,-0.7]],
           "K":[[1,0],[0.7,0.7],[0,1],[-0.7,0.7],[-1,0],[-0.7,-0.7],[0,-1],[0.7,-0.7]],
           "V":[[1,0],[0.7,0.7],[0,1],[-0.7,0.7],[-1,0],[-0.7,-0.7],[0,-1],[0.7,-0.7]],
           "sparsity":{"window":1,"global":[0]}})"},
  };
  return list;
}

State preset_state(std::size_t index) {
  if (index >= presets().size() || presets()[index].json == nullptr) return state_default();
  Decoded<State> d = state_from_json(presets()[index].json);
  return d.ok() ? *d.value : state_default();
}

}  // namespace ap
