// `lstmkit translate`: source lines in (stdin or --input), one translation per line out, in order.
// Input is read a chunk of lines at a time and each chunk decoded in batches of equal-length sources. Also
// the decoding options that `eval` shares for seq2seq models.
#include <cstdio>
#include <iostream>
#include <memory>

#include "command.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/infer/translator.h"
#include "lstmkit/text/line_reader.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"

namespace lstmkit::cli {

void declare_decode_options(po::options_description& o) {
  o.add_options()
      ("beam", po::value<int>()->default_value(1), "beam size K (1: greedy decoding)")
      ("alpha", po::value<double>()->default_value(1.0), "beam search length normalisation: score = log p / length^alpha")
      ("max-len", po::value<int>()->default_value(0),
       "most target tokens per translation (0: --max-len-ratio × source length + --max-len-add)")
      ("max-len-ratio", po::value<double>()->default_value(3.0, "3"), "target tokens per source token allowed")
      ("max-len-add", po::value<int>()->default_value(10), "target tokens allowed beyond the ratio")
      ("batch", po::value<int>()->default_value(64), "sentences decoded together");
}

infer::TranslateOptions read_decode_options(const po::variables_map& vm) {
  infer::TranslateOptions o;
  o.beam = vm["beam"].as<int>();
  o.alpha = vm["alpha"].as<double>();
  o.max_len = vm["max-len"].as<int>();
  o.batch = vm["batch"].as<int>();
  o.max_len_ratio = vm["max-len-ratio"].as<double>();
  o.max_len_add = vm["max-len-add"].as<int>();
  for (const char* relative : {"max-len-ratio", "max-len-add"})
    if (o.max_len > 0 && given(vm, relative))
      throw UsageError(std::string("--") + relative, "cannot be combined with --max-len",
                       "give an absolute --max-len, or a limit relative to the source length");
  if (vm.count("n-best")) o.n_best = vm["n-best"].as<int>();
  infer::validate(o);
  return o;
}

void report_unknown(const infer::EncodedLines& lines, const std::string& what) {
  if (lines.unknown == 0) return;
  std::string examples;
  for (const auto& t : lines.examples) examples += (examples.empty() ? "'" : ", '") + t + "'";
  std::cerr << "lstmkit: warning: " << lines.unknown << " " << what
            << " tokens are not in the model's source vocabulary and were read as <unk> (e.g. " << examples
            << ")\n";
}

namespace {

void declare(po::options_description& o) {
  add_options(o, OptionGroup::model)
      ("model", po::value<std::string>(), "sequence-to-sequence model (model.safetensors)", Need::required);
  add_options(o, OptionGroup::data)
      ("input", po::value<std::string>(), "UTF-8 file of source sentences, one per line (default or -: stdin)");
  declare_decode_options(o);
  o.add_options()
      ("n-best", po::value<int>(), "print the N best translations of each line (N ≤ --beam), one per output line as "
                                   "LINE<TAB>SCORE<TAB>TRANSLATION, LINE counting input lines from 1, best first")
      ("alignments", po::bool_switch(), "after each translation a TAB and, per target token t, S-t: the source "
                                        "token S it attended to most (0-based; a model with attention)")
      ("on-invalid", po::value<std::string>()->default_value("error"), "invalid UTF-8: error, or replace with U+FFFD")
      ("threads", po::value<int>()->default_value(0), "threads for the math (0: all cores)");
  declare_precision_option(o);
}

// Lines decoded together at most: enough to fill batches of equal-length sources from a file; a person
// typing gets each line translated as soon as it is entered (text::LineReader).
constexpr size_t kChunkLines = 4096;

// "S-t S-t …" as Marian and fast_align write hard alignments; an empty source attends to nothing.
std::string alignment_text(const std::vector<int32_t>& alignment) {
  std::string out;
  for (size_t t = 0; t < alignment.size(); ++t)
    if (alignment[t] >= 0) out += (out.empty() ? "" : " ") + std::to_string(alignment[t]) + "-" + std::to_string(t);
  return out;
}

void write_translations(const std::vector<std::vector<infer::Hypothesis>>& translations, const text::Vocab& target,
                        bool scored, bool aligned, size_t first_line) {
  auto write = [&](const infer::Hypothesis& h) {
    std::cout << target.decode(h.tokens);
    if (aligned) std::cout << "\t" << alignment_text(h.alignment);
    std::cout << "\n";
  };
  for (size_t i = 0; i < translations.size(); ++i) {
    if (!scored) {
      write(translations[i].empty() ? infer::Hypothesis{} : translations[i].front());
      continue;
    }
    for (const infer::Hypothesis& h : translations[i]) {
      char score[32];
      std::snprintf(score, sizeof score, "%.4f", h.score);
      std::cout << first_line + i << "\t" << score << "\t";
      write(h);
    }
  }
  flush_stdout();  // stop at once when nobody can read the translations
}

int run(const po::variables_map& vm) {
  if (!vm.count("model"))
    throw UsageError("translate", "missing --model", "give a trained model, e.g. --model runs/s2s/model.safetensors");
  infer::TranslateOptions options = read_decode_options(vm);
  options.alignments = vm["alignments"].as<bool>();
  const bool scored = vm.count("n-best") > 0;
  apply_threads(vm);
  const nn::Precision precision = read_precision(vm);

  const std::string model_path = vm["model"].as<std::string>();
  auto model = models::Seq2Seq::load(model_path, precision);
  if (options.alignments && !model->config().attention)
    throw Error(model_path, "has no attention to align with (it was trained with --attention none)",
                "leave out --alignments, or use a model trained with attention");
  const auto on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  const auto input = vm.count("input") && vm["input"].as<std::string>() != "-" ? std::make_unique<text::LineReader>(vm["input"].as<std::string>(), on_invalid)
                                       : std::make_unique<text::LineReader>(on_invalid);
  note_precision(vm, precision);
  infer::EncodedLines unknown;
  size_t done = 0;
  for (std::vector<std::string> lines; !(lines = input->next(kChunkLines)).empty(); done += lines.size()) {
    const infer::EncodedLines sources = infer::encode_lines(model->source_vocab(), lines);
    infer::add_unknown(unknown, sources);
    write_translations(infer::translate(*model, sources.ids, options), model->target_vocab(), scored,
                       options.alignments, done + 1);
  }
  if (input->replaced() > 0)
    std::cerr << "lstmkit: warning: replaced " << input->replaced() << " invalid UTF-8 sequences with U+FFFD\n";
  report_unknown(unknown, "input");
  return kExitOk;
}

}  // namespace

Command translate_command() {
  return Command{"translate", "translate lines with a trained sequence-to-sequence model", declare, run, "", 0,
                 "use a smaller --batch or --beam"};
}

}  // namespace lstmkit::cli
