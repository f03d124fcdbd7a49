// The `qa` generator, reference answer and parsers (shared/TASKS.md, exactly).
#include "models/qa_data.h"

#include "core/limits.h"

namespace ap::qa {
namespace {

int pick(Rng& rng, std::size_t n) {
  return static_cast<int>(rng.uniform() * static_cast<double>(n));
}

std::string lower(const std::string& s) {
  std::string out = s;
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int find_ci(const std::vector<std::string>& list, const std::string& word) {
  const std::string w = lower(word);
  for (std::size_t i = 0; i < list.size(); ++i)
    if (lower(list[i]) == w) return static_cast<int>(i);
  return -1;
}

// Words split on spaces and tabs, with one trailing `strip` character removed.
std::vector<std::string> split(const std::string& text, char strip) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!cur.empty()) words.push_back(cur), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) words.push_back(cur);
  if (!words.empty() && words.back().size() > 1 && words.back().back() == strip)
    words.back().pop_back();
  else if (!words.empty() && words.back() == std::string(1, strip))
    words.pop_back();
  return words;
}

// "“word”", cut at kMaxQuoteBytes on a UTF-8 character boundary.
std::string quoted(const std::string& s) {
  if (s.size() <= kMaxQuoteBytes) return "\"" + s + "\"";
  std::size_t n = kMaxQuoteBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return "\"" + s.substr(0, n) + "…\"";
}

}  // namespace

const std::vector<std::string>& names() {
  static const std::vector<std::string> v = {"Mary", "John", "Sandra", "Daniel"};
  return v;
}

const std::vector<std::string>& places() {
  static const std::vector<std::string> v = {"kitchen",  "garden", "hallway",
                                             "bathroom", "office", "bedroom"};
  return v;
}

const std::vector<std::string>& verbs() {
  static const std::vector<std::string> v = {"went to", "moved to", "journeyed to", "travelled to",
                                             "went back to"};
  return v;
}

Story generate(Rng& rng) {
  Story s;
  const int n = kMinStorySentences + pick(rng, kMaxStorySentences - kMinStorySentences + 1);
  std::vector<int> present;  // distinct names in order of first appearance
  for (int i = 0; i < n; ++i) {
    Sentence t;
    t.name = pick(rng, names().size());
    t.verb = pick(rng, verbs().size());
    t.place = pick(rng, places().size());
    s.sentences.push_back(t);
    bool seen = false;
    for (int p : present) seen = seen || p == t.name;
    if (!seen) present.push_back(t.name);
  }
  s.question = present[static_cast<std::size_t>(pick(rng, present.size()))];
  answer(s.sentences, s.question, &s.answer, &s.support);
  return s;
}

bool answer(const std::vector<Sentence>& sentences, int name, int* place, int* support) {
  for (int i = static_cast<int>(sentences.size()) - 1; i >= 0; --i) {
    if (sentences[static_cast<std::size_t>(i)].name == name) {
      *place = sentences[static_cast<std::size_t>(i)].place;
      *support = i;
      return true;
    }
  }
  return false;
}

std::vector<std::string> sentence_words(const Sentence& s) {
  std::vector<std::string> w{names()[static_cast<std::size_t>(s.name)]};
  for (const std::string& v : split(verbs()[static_cast<std::size_t>(s.verb)], '\0'))
    w.push_back(v);
  w.push_back("the");
  w.push_back(places()[static_cast<std::size_t>(s.place)]);
  return w;
}

std::vector<std::string> question_words(int name) {
  return {"where", "is", names()[static_cast<std::size_t>(name)]};
}

namespace {
std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (std::size_t i = 0; i < words.size(); ++i) s += (i ? " " : "") + words[i];
  return s;
}
}  // namespace

std::string sentence_text(const Sentence& s) {
  return join(sentence_words(s));
}

std::string question_text(int name) {
  return join(question_words(name));
}

int name_index(const std::string& word) {
  return find_ci(names(), word);
}

int place_index(const std::string& word) {
  return find_ci(places(), word);
}

bool parse_sentence(const std::string& text, Sentence* out, std::string* error) {
  const std::vector<std::string> w = split(text, '.');
  if (w.empty()) return *error = "empty sentence", false;
  Sentence s;
  s.name = name_index(w[0]);
  if (s.name < 0)
    return *error = "unknown name " + quoted(w[0]) + " (Mary, John, Sandra or Daniel)", false;
  s.place = place_index(w.back());
  if (w.size() >= 2 && s.place < 0)
    return *error = "unknown place " + quoted(w.back()) +
                    " (kitchen, garden, hallway, bathroom, office or bedroom)",
           false;
  // The middle must be one of the verbs followed by "the".
  const std::string middle =
      w.size() >= 3 ? lower(join(std::vector<std::string>(w.begin() + 1, w.end() - 1))) : "";
  s.verb = -1;
  for (std::size_t v = 0; v < verbs().size(); ++v)
    if (middle == verbs()[v] + " the") s.verb = static_cast<int>(v);
  if (s.verb < 0 || w.size() < 4)
    return *error =
               "not a sentence of the task: expected NAME VERB the PLACE, VERB one of "
               "went to, moved to, journeyed to, travelled to, went back to",
           false;
  *out = s;
  return true;
}

bool parse_question(const std::string& text, int* name, std::string* error) {
  const std::vector<std::string> w = split(text, '?');
  if (w.size() != 3 || lower(w[0]) != "where" || lower(w[1]) != "is")
    return *error = "not a question of the task: expected \"where is NAME\"", false;
  const int n = name_index(w[2]);
  if (n < 0)
    return *error = "unknown name " + quoted(w[2]) + " (Mary, John, Sandra or Daniel)", false;
  *name = n;
  return true;
}

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> words;
    auto add = [&](const std::string& w) {
      const std::string l = lower(w);
      for (const std::string& x : words)
        if (x == l) return;
      words.push_back(l);
    };
    for (const std::string& n : names()) add(n);
    for (const std::string& verb : verbs())
      for (const std::string& w : split(verb, '\0')) add(w);
    add("the");
    for (const std::string& p : places()) add(p);
    add("where");
    add("is");
    return words;
  }();
  return v;
}

int word_index(const std::string& word) {
  return find_ci(vocabulary(), word);
}

}  // namespace ap::qa
