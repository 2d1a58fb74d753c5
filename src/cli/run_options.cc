#include "run_options.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "lstmkit/error.h"
#include "lstmkit/io/checkpoint.h"
#include "lstmkit/io/crc32.h"
#include "lstmkit/io/input_file.h"
#include "lstmkit/train/trainer.h"
#include "training_options.h"

namespace lstmkit::cli {

namespace {

using Json = nlohmann::json;
using Tokens = std::vector<std::string>;

// Options that steer this process rather than the run.
const std::set<std::string> kNotRecorded = {"out", "resume", "force", "quiet", "threads", "precision", "help", "verbose"};
// Options naming data files: fingerprinted, never restored.
const std::set<std::string> kDataFiles = {"text", "pairs", "val-pairs", "csv"};
// Continuing a run for more (or fewer) epochs is what --resume is for.
constexpr char kMayChange[] = "epochs";

// The shortest text that reads back as the same number.
template <typename Float>
std::string shortest(Float x) {
  char text[64];
  const auto result = std::to_chars(text, text + sizeof text, x);
  return std::string(text, result.ptr);
}

std::string joined(const Tokens& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t;
  return out;
}

struct Fingerprint {
  uint64_t bytes = 0;
  std::string crc32;
};

Fingerprint fingerprint(const std::string& path) {
  const io::InputFile file = io::open_input_file(path);
  Fingerprint f;
  uint32_t crc = 0;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd(), buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(path, std::string("cannot read the file: ") + std::strerror(errno), "check the disk");
    }
    crc = io::crc32(buffer, static_cast<size_t>(n), crc);
    f.bytes += static_cast<uint64_t>(n);
  }
  f.crc32 = io::crc32_to_hex(crc);
  return f;
}

std::string describe(const Fingerprint& f) { return std::to_string(f.bytes) + " bytes, CRC-32 " + f.crc32; }

// The data files of a run must be the same bytes again, given by the user.
void check_data_files(const Json& files, const po::variables_map& vm, const std::string& source) {
  for (const auto& [name, recorded] : files.items()) {
    Tokens paths;
    for (const Json& file : recorded) paths.push_back(file.at("path").get<std::string>());
    if (!vm.count(name))
      throw UsageError("--" + name, "missing", "give the data the run was trained on: --" + name + " " + joined(paths));
    const Tokens given = *tokens_of(vm[name].value());
    if (given.size() != recorded.size())
      throw UsageError("--" + name, "names " + std::to_string(given.size()) + " files, the run read " +
                                         std::to_string(recorded.size()) + " (" + joined(paths) + ")",
                       "resume with the same data");
    for (size_t i = 0; i < given.size(); ++i) {
      const Fingerprint now = fingerprint(given[i]);
      const Fingerprint then{recorded[i].at("bytes").get<uint64_t>(), recorded[i].at("crc32").get<std::string>()};
      if (now.bytes != then.bytes || now.crc32 != then.crc32)
        throw Error("--" + name, given[i] + " is not the data the run was trained on (" + describe(now) +
                                     "; " + source + " was trained on " + describe(then) + ")",
                    "resume with the same file, or start a new run with --force");
    }
  }
  for (const std::string& name : kDataFiles)
    if (vm.count(name) && !files.contains(name)) resume_conflict(name, "the run read no --" + name);
}

}  // namespace

std::optional<std::vector<std::string>> tokens_of(const boost::any& value) {
  if (const auto* v = boost::any_cast<int>(&value)) return Tokens{std::to_string(*v)};
  if (const auto* v = boost::any_cast<long long>(&value)) return Tokens{std::to_string(*v)};
  if (const auto* v = boost::any_cast<unsigned long long>(&value)) return Tokens{std::to_string(*v)};
  if (const auto* v = boost::any_cast<double>(&value)) return Tokens{shortest(*v)};
  if (const auto* v = boost::any_cast<float>(&value)) return Tokens{shortest(*v)};
  if (const auto* v = boost::any_cast<bool>(&value)) return Tokens{*v ? "true" : "false"};
  if (const auto* v = boost::any_cast<std::string>(&value)) return Tokens{*v};
  if (const auto* v = boost::any_cast<Tokens>(&value)) return *v;
  if (const auto* v = boost::any_cast<std::vector<long long>>(&value)) {
    Tokens tokens;
    for (long long x : *v) tokens.push_back(std::to_string(x));
    return tokens;
  }
  return std::nullopt;
}

std::string record_run_options(const po::variables_map& vm) {
  Json options = Json::object(), defaulted = Json::array(), files = Json::object();
  for (const auto& [name, value] : vm) {
    if (kNotRecorded.count(name)) continue;
    const std::optional<Tokens> tokens = tokens_of(value.value());
    if (!tokens) continue;
    if (kDataFiles.count(name)) {
      for (const std::string& path : *tokens) {
        if (path == "-")
          throw UsageError("--" + name, "a training run cannot read stdin ('-')",
                           "save the data to a file: --resume checks that it is the same bytes again");
        const Fingerprint f = fingerprint(path);
        files[name].push_back({{"path", path}, {"bytes", f.bytes}, {"crc32", f.crc32}});
      }
      continue;
    }
    options[name] = *tokens;
    if (value.defaulted()) defaulted.push_back(name);
  }
  return Json{{"options", options}, {"defaulted", defaulted}, {"files", files}}.dump();
}

void restore_run_options(const po::options_description& options, po::variables_map& vm) {
  if (!vm.count("resume") || !vm["resume"].as<bool>() || !vm.count("out")) return;
  const std::filesystem::path path = train::last_model_path(vm["out"].as<std::string>());
  const std::string source = path.string();
  if (!std::filesystem::exists(path)) return;
  const io::Metadata metadata = io::Checkpoint::read_metadata(path);
  const auto record = metadata.find(train::kRunOptionsKey);
  if (record == metadata.end())
    throw Error(source, "does not record the options its run was started with",
                "it was written by an older lstmkit and cannot be resumed; start a new run with --force");
  Json stored, files;
  std::set<std::string> defaulted;
  try {
    const Json j = Json::parse(record->second);
    stored = j.at("options");
    files = j.at("files");
    for (const Json& name : j.at("defaulted")) defaulted.insert(name.get<std::string>());
  } catch (const Json::exception& e) {
    throw Error(source, std::string("unreadable run_options metadata (") + e.what() + ")",
                "the checkpoint is damaged; start a new run with --force");
  }

  for (const auto& [name, value] : vm) {
    if (value.defaulted() || kNotRecorded.count(name) || kDataFiles.count(name) || name == kMayChange) continue;
    const std::optional<Tokens> given = tokens_of(value.value());
    if (!stored.contains(name)) resume_conflict(name, "not set");
    const Tokens recorded = stored[name].get<Tokens>();
    if (given && *given != recorded) resume_conflict(name, joined(recorded));
  }
  auto& values = static_cast<std::map<std::string, po::variable_value>&>(vm);
  for (const auto& [name, recorded] : stored.items()) {
    if (vm.count(name) && !vm[name].defaulted()) continue;
    const po::option_description* d = options.find_nothrow(name, false);
    if (!d)
      throw Error(source, "records the option --" + name + ", which this lstmkit does not have",
                  "resume it with the lstmkit that started it, or start a new run with --force");
    boost::any value;
    d->semantic()->parse(value, recorded.get<Tokens>(), true);
    values[name] = po::variable_value(value, defaulted.count(name) > 0);
  }
  check_data_files(files, vm, source);
}

}  // namespace lstmkit::cli
