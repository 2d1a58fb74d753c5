#include "option_groups.h"

#include <map>
#include <memory>
#include <ostream>
#include <typeinfo>

#include "run_options.h"

namespace lstmkit::cli {

namespace {

// Joins "(default:" to its value so that a line break never falls between them; printed as a space.
constexpr char kNoBreak = '\x01';

struct Placement {
  // Held so that the address, the registry's key, is never reused by another option.
  boost::shared_ptr<po::option_description> option;
  OptionGroup group;
  Need need;
};

std::map<const po::option_description*, Placement>& placements() {
  static std::map<const po::option_description*, Placement> registry;
  return registry;
}

void place_last(const po::options_description& options, OptionGroup group, Need need) {
  const auto& last = options.options().back();
  placements()[last.get()] = {last, group, need};
}

constexpr OptionGroup kOrder[] = {OptionGroup::command, OptionGroup::data,   OptionGroup::model,
                                  OptionGroup::training, OptionGroup::output, OptionGroup::general};

const char* heading(OptionGroup g) {
  switch (g) {
    case OptionGroup::command: return "options";
    case OptionGroup::data: return "data";
    case OptionGroup::model: return "model";
    case OptionGroup::training: return "training";
    case OptionGroup::output: return "output";
    case OptionGroup::general: return "general";
  }
  return "options";
}

bool is_any_of(const std::type_info& t, std::initializer_list<const std::type_info*> types) {
  for (const auto* u : types)
    if (t == *u) return true;
  return false;
}

// What the option's argument is, as `--name ARG` shows it.
std::string argument(const po::option_description& o) {
  const auto& s = *o.semantic();
  if (s.max_tokens() == 0) return "";
  std::string name = "ARG";
  if (const auto* typed = dynamic_cast<const po::typed_value_base*>(&s)) {
    const std::type_info& t = typed->value_type();
    if (is_any_of(t, {&typeid(int), &typeid(long), &typeid(long long), &typeid(unsigned), &typeid(unsigned long),
                      &typeid(unsigned long long)}))
      name = "N";
    else if (is_any_of(t, {&typeid(float), &typeid(double)}))
      name = "X";
    else if (t == typeid(bool))
      name = "true|false";
  }
  return s.min_tokens() == 0 ? " [" + name + "]" : " " + name;
}

// "(default: 0.1)", or nothing for a switch, an empty default or none.
std::string default_text(const po::option_description& o) {
  const auto& s = *o.semantic();
  boost::any value;
  if (s.max_tokens() == 0 || !s.apply_default(value)) return "";
  const auto tokens = tokens_of(value);
  if (!tokens || tokens->empty() || (tokens->size() == 1 && tokens->front().empty())) return "";
  std::string text;
  for (const auto& t : *tokens) text += (text.empty() ? "" : " ") + t;
  return std::string("(default:") + kNoBreak + text + ")";
}

// Columns a UTF-8 text takes: one per code point (the help texts use no wide characters).
size_t columns(const std::string& s) {
  size_t n = 0;
  for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

GroupedOptions& GroupedOptions::operator()(const char* name, const char* help) {
  options_.add_options()(name, help);
  place_last(options_, group_, Need::optional);
  return *this;
}

GroupedOptions& GroupedOptions::operator()(const char* name, const po::value_semantic* value, const char* help,
                                           Need need) {
  options_.add_options()(name, value, help);
  place_last(options_, group_, need);
  return *this;
}

void print_paragraph(std::ostream& out, const std::string& text, size_t indent, size_t width) {
  size_t used = indent;
  bool line_empty = true;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    const std::string word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line_empty && used + 1 + columns(word) > width) {
      out << "\n" << std::string(indent, ' ');
      used = indent;
      line_empty = true;
    }
    if (!line_empty) out << ' ', ++used;
    for (const char c : word) out << (c == kNoBreak ? ' ' : c);
    used += columns(word);
    line_empty = false;
  }
  out << "\n";
}

void print_help(std::ostream& out, const po::options_description& options, int width) {
  struct Line {
    std::string left, help;
  };
  std::map<OptionGroup, std::vector<Line>> groups;
  size_t left_width = 0;
  for (const auto& o : options.options()) {
    const auto placed = placements().find(o.get());
    const OptionGroup group = placed == placements().end() ? OptionGroup::command : placed->second.group;
    const bool required = placed != placements().end() && placed->second.need == Need::required;
    // format_name() is "-h [ --help ]" for an option with a short name, "--name" otherwise.
    const std::string names = o->format_name();
    std::string left = "  " + (names.rfind("--", 0) == 0 ? "" : names.substr(0, 2) + ", ") + "--" + o->long_name() +
                       argument(*o);
    std::string help = o->description();
    const std::string suffix = required ? "(required)" : default_text(*o);
    if (!suffix.empty()) help += (help.empty() ? "" : " ") + suffix;
    left_width = std::max(left_width, columns(left));
    groups[group].push_back({std::move(left), std::move(help)});
  }
  // Long option names push their help to the next line rather than the whole column to the right.
  constexpr size_t kMaxLeft = 30;
  const size_t column = std::min(left_width, kMaxLeft) + 2;
  bool first = true;
  for (const OptionGroup g : kOrder) {
    const auto it = groups.find(g);
    if (it == groups.end()) continue;
    out << (first ? "" : "\n") << heading(g) << ":\n";
    first = false;
    for (const Line& line : it->second) {
      out << line.left;
      if (columns(line.left) + 2 > column)
        out << "\n" << std::string(column, ' ');
      else
        out << std::string(column - columns(line.left), ' ');
      print_paragraph(out, line.help, column, static_cast<size_t>(width));
    }
  }
}

}  // namespace lstmkit::cli
