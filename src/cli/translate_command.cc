// `lstmkit translate`: source lines in (stdin or --input), one translation per line out, in order.
// Input is read a chunk of lines at a time and each chunk translated by the library's job. Also
// the decoding options that `eval` shares for seq2seq models.
#include <cstdio>
#include <iostream>
#include <memory>

#include "command.h"
#include "option_names.h"
#include "option_groups.h"
#include "exit_codes.h"
#include "lstmkit/error.h"
#include "lstmkit/jobs/translate.h"
#include "lstmkit/text/line_reader.h"
#include "lstmkit/train/interrupt.h"
#include "precision_options.h"
#include "standard_output.h"
#include "training_options.h"

namespace lstmkit::cli {

// The library's defaults are the options' defaults.
const jobs::TranslateConfig kDecoding{};

void declare_decode_options(po::options_description& o) {
  o.add_options()
      ("beam", po::value<int>()->default_value(kDecoding.beam), "beam size K (1: greedy decoding)")
      ("alpha", po::value<double>()->default_value(kDecoding.alpha, "1"),
       "beam search length normalisation: score = log p / length^alpha")
      ("max-len", po::value<int>()->default_value(kDecoding.max_len),
       "most target tokens per translation (0: --max-len-ratio × source length + --max-len-add)")
      ("max-len-ratio", po::value<double>()->default_value(kDecoding.max_len_ratio, "3"),
       "target tokens per source token allowed")
      ("max-len-add", po::value<int>()->default_value(kDecoding.max_len_add), "target tokens allowed beyond the ratio")
      ("batch", po::value<int>()->default_value(kDecoding.batch), "sentences decoded together");
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

void report_unknown(size_t unknown, const std::vector<std::string>& tokens, const std::string& what) {
  if (unknown == 0) return;
  std::string examples;
  for (const auto& t : tokens) examples += (examples.empty() ? "'" : ", '") + t + "'";
  std::cerr << "lstmkit: warning: " << unknown << " " << what
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

void write_translations(const jobs::Translations& translations, bool scored, bool aligned, size_t first_line) {
  auto write = [&](const jobs::TranslatedText& t) {
    std::cout << t.text;
    if (aligned) std::cout << "\t" << jobs::alignment_text(t.alignment);
    std::cout << "\n";
  };
  for (size_t i = 0; i < translations.lines.size(); ++i) {
    if (!scored) {
      write(translations.lines[i].front());
      continue;
    }
    for (const jobs::TranslatedText& t : translations.lines[i]) {
      char score[32];
      std::snprintf(score, sizeof score, "%.4f", t.score);
      std::cout << first_line + i << "\t" << score << "\t";
      write(t);
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
  // The model's faults are the file's: its lack of attention is named at --model.
  name_setting("alignments", model_path);
  jobs::validate(*model, options);
  const auto on_invalid = text::parse_invalid_utf8(vm["on-invalid"].as<std::string>());
  const bool reads_file = vm.count("input") && vm["input"].as<std::string>() != "-";
  const auto input = reads_file ? std::make_unique<text::LineReader>(vm["input"].as<std::string>(), on_invalid)
                                : std::make_unique<text::LineReader>(on_invalid);
  note_precision(vm, precision);
  // Ctrl-C stops the job between batches and exits 130, the translations printed so far kept. Not for
  // standard input: a read waiting at a terminal never sees the request, so there Ctrl-C keeps ending
  // the program at once (what was printed stays: each chunk's translations are flushed).
  if (reads_file) train::catch_interrupts();
  infer::EncodedLines unknown;
  size_t done = 0;
  for (std::vector<std::string> lines; !(lines = input->next(kChunkLines)).empty(); done += lines.size()) {
    const jobs::Translations translations = jobs::translate(*model, lines, options);
    infer::add_unknown(unknown, {{}, translations.unknown, translations.unknown_examples});
    write_translations(translations, scored, options.alignments, done + 1);
  }
  if (input->replaced() > 0)
    std::cerr << "lstmkit: warning: replaced " << input->replaced() << " invalid UTF-8 sequences with U+FFFD\n";
  report_unknown(unknown.unknown, unknown.examples, "input");
  return kExitOk;
}

}  // namespace

Command translate_command() {
  return Command{"translate", "translate lines with a trained sequence-to-sequence model", declare, run, "", 0,
                 "use a smaller --batch or --beam"};
}

}  // namespace lstmkit::cli
