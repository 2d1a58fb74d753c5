#pragma once
// Where an option is listed in `--help`: each declare_* helper adds its options to a group, so a new
// option lands under its heading without the command knowing. Options added with the plain
// `o.add_options()` are the command's own and are listed first, under "options".
#include <iosfwd>
#include <string>

#include "command.h"

namespace lstmkit::cli {

enum class OptionGroup { command, data, model, training, output, general };

// Whether --help marks the option as one every run must give.
enum class Need { optional, required };

// Like po::options_description_easy_init, but every option it adds is listed under `group`.
class GroupedOptions {
 public:
  GroupedOptions(po::options_description& options, OptionGroup group) : options_(options), group_(group) {}
  GroupedOptions& operator()(const char* name, const char* help);
  GroupedOptions& operator()(const char* name, const po::value_semantic* value, const char* help,
                             Need need = Need::optional);

 private:
  po::options_description& options_;
  OptionGroup group_;
};

inline GroupedOptions add_options(po::options_description& options, OptionGroup group) {
  return GroupedOptions(options, group);
}

// `text` wrapped at spaces into lines of at most `width` columns, each but the first indented by `indent`
// (the first starts where the stream is, taken to be column `indent`), ending in a newline.
void print_paragraph(std::ostream& out, const std::string& text, size_t indent, size_t width);

// The options of one command, grouped, with their arguments and defaults, wrapped to `width` columns.
void print_help(std::ostream& out, const po::options_description& options, int width = 80);

}  // namespace lstmkit::cli
