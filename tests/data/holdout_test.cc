#include "lstmkit/data/holdout.h"

#include <gtest/gtest.h>

#include <string>

#include "lstmkit/error.h"

namespace lstmkit::data {
namespace {

TEST(HeldOutCount, RoundsTheFractionOfTheExamples) {
  EXPECT_EQ(held_out_count(10, 0.2, "groups", ""), 2u);
  EXPECT_EQ(held_out_count(10, 0.25, "groups", ""), 3u);  // 2.5 rounds away from zero
  EXPECT_EQ(held_out_count(10, 0.0, "groups", ""), 0u);   // no validation, asked for
}

TEST(HeldOutCount, RefusesAnEmptyPartNamingTheOptionAndTheExamples) {
  for (const auto& [count, frac] : {std::pair<size_t, double>{10, 0.01}, {1, 0.5}, {10, 1.0}, {10, -0.1}}) {
    try {
      held_out_count(count, frac, "sequences", "generate more sequences");
      ADD_FAILURE() << count << " x " << frac;
    } catch (const UsageError& e) {
      EXPECT_EQ(e.where(), "`val_frac`");
      if (frac >= 0 && frac < 1) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(count) + " sequences leaves an empty"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("generate more sequences"), std::string::npos) << e.what();
      }
    }
  }
}

}  // namespace
}  // namespace lstmkit::data
