#include "embedding_options.h"

#include <string>

#include "lstmkit/error.h"
#include "option_groups.h"

namespace lstmkit::cli {

void declare_embedding_options(po::options_description& o) {
  add_options(o, OptionGroup::model)
      ("embed", po::value<int>()->default_value(0),
       "learned token embeddings of this width (E) as the first layer's input, stored as nn.Embedding "
       "weights (0: one-hot inputs of the vocabulary's width)")
      ("tie-embeddings", po::bool_switch(),
       "the (decoder's) input embedding is the output layer's weight, stored under both names; needs "
       "--embed equal to --hidden");
}

EmbeddingChoice read_embedding_options(const po::variables_map& vm, int hidden) {
  EmbeddingChoice c;
  c.embed = vm["embed"].as<int>();
  c.tie = vm["tie-embeddings"].as<bool>();
  if (c.tie && c.embed != hidden)
    throw UsageError("--tie-embeddings",
                     "needs --embed equal to --hidden (the tied table is the output layer's weight [V, H]); "
                     "got --embed " + std::to_string(c.embed) + " and --hidden " + std::to_string(hidden),
                     "give --embed " + std::to_string(hidden) + ", or leave out --tie-embeddings");
  return c;
}

}  // namespace lstmkit::cli
