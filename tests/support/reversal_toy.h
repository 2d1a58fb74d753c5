#pragma once
// The translators' toy task: strings over {a, b, c} to be reversed, one token per letter. Small enough
// to learn through the Trainer in a second or two, hard enough that a broken encoder, decoder or
// attention cannot learn it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lstmkit/models/seq2seq.h"
#include "lstmkit/text/vocab.h"

namespace lstmkit::testing {

// A grapheme vocabulary of the letters of `chars` (NFC).
text::Vocab letter_vocab(const std::string& chars);
// The ids of the letters of `s` in `v`.
std::vector<int32_t> letter_ids(const text::Vocab& v, const std::string& s);

// Every string of 1 to `max_length` letters over {a, b, c}: 3 + 9 + … of them.
std::vector<std::string> abc_strings(int max_length);

// Initialises `model` (Keras-style, seed 1) and trains it through the Trainer to reverse `copies`
// shuffled copies of `sources` for `epochs` epochs (batches of 16, Adam 1e-2), checkpoints in `out`;
// returns how many of `sources` its greedy translation then reverses exactly.
size_t learn_reversal(models::Seq2Seq& model, const std::vector<std::string>& sources, int copies, int epochs,
                      const std::filesystem::path& out);

}  // namespace lstmkit::testing
