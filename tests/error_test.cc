#include "lstmkit/error.h"

#include <gtest/gtest.h>

namespace lstmkit {

namespace {
std::string as_option(std::string_view field) {
  std::string option = "--" + std::string(field);
  for (char& c : option)
    if (c == '_') c = '-';
  return option;
}
}  // namespace

TEST(NameSettings, SpellsEveryBacktickedField) {
  EXPECT_EQ(name_settings("lower `batch` or `seq_len`, or raise `val_frac`", as_option),
            "lower --batch or --seq-len, or raise --val-frac");
  EXPECT_EQ(name_settings("`beta1`: must be in [0, 1)", as_option), "--beta1: must be in [0, 1)");
  EXPECT_EQ(name_settings("`a``b`", as_option), "--a--b");
}

TEST(NameSettings, LeavesOtherBacktickedTextAlone) {
  const char* kept[] = {"e.g. `lstmkit train-lm --text input.txt`", "each line must be `source<TAB>target`",
                        "an open ` backtick", "``", "`Upper`", "`9lives`", "trailing `batch"};
  for (const char* text : kept) EXPECT_EQ(name_settings(text, as_option), text);
}

TEST(NameSettings, KeepsTheTextAroundAField) {
  const auto keyword = [](std::string_view field) { return std::string(field); };
  EXPECT_EQ(name_settings("a ` b `top_k` c", keyword), "a ` b top_k c");
  EXPECT_EQ(name_settings(setting("min_lr") + ": must be 0 or more", keyword), "min_lr: must be 0 or more");
}

TEST(Error, KeepsSettingsForTheFrontEnd) {
  const UsageError e(setting("seq_len"), "sequence length 0", "lower `batch`");
  EXPECT_EQ(e.where(), "`seq_len`");
  EXPECT_STREQ(e.what(), "`seq_len`: sequence length 0; lower `batch`");
}

}  // namespace lstmkit
