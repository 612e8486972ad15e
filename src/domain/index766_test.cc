#include "domain/index766.h"

#include <gtest/gtest.h>

namespace motcua::domain {
namespace {

const SubIndicator& Item(const Index766Result& r, const std::string& id) {
  for (const auto& s : r.items)
    if (s.id == id) return s;
  static SubIndicator none;
  ADD_FAILURE() << "no sub-indicator " << id;
  return none;
}

TEST(Index766, WeightsAddUpToTheDecision) {
  auto r = ComputeIndex766({});
  double groups[6] = {};
  const char* names[6] = {"publicity", "progress", "digitisation",
                          "online",    "payment",  "satisfaction"};
  for (const auto& s : r.items)
    for (int i = 0; i < 6; ++i)
      if (s.group == names[i]) groups[i] += s.max_points;
  EXPECT_EQ(groups[0], 18);
  EXPECT_EQ(groups[1], 20);
  EXPECT_EQ(groups[2], 22);
  EXPECT_EQ(groups[3], 12);
  EXPECT_EQ(groups[4], 10);
  EXPECT_EQ(groups[5], 18);
}

TEST(Index766, NotComputableListedWithReasons) {
  auto r = ComputeIndex766({});
  int missing = 0;
  for (const auto& s : r.items) {
    if (s.points) {
      EXPECT_FALSE(s.formula.empty()) << s.id;
    } else {
      ++missing;
      EXPECT_FALSE(s.not_computable_reason.empty()) << s.id;
    }
  }
  EXPECT_EQ(missing, 5);  // 1.3, 3.3, 5.1, 5.2 and 6.1 without ratings
}

TEST(Index766, Formulas) {
  Index766Input in;
  in.procedures = 200;
  in.procedures_complete = 200;
  in.procedures_online = 100;
  in.dossiers_received = 8063;
  in.dossiers_trackable = 8063;
  in.dossiers_online = 0;
  in.resolved = 8035;
  in.resolved_early_or_on_time = 8035;
  in.pending = 28;
  in.ratings = 10;
  in.ratings_satisfied = 9;
  auto r = ComputeIndex766(in);
  EXPECT_DOUBLE_EQ(*Item(r, "1.1").points, 6);
  EXPECT_DOUBLE_EQ(*Item(r, "2.1").points, 10);
  EXPECT_DOUBLE_EQ(*Item(r, "2.2").points, 5);
  EXPECT_DOUBLE_EQ(*Item(r, "2.3").points, 5);  // nobody late
  EXPECT_DOUBLE_EQ(*Item(r, "4.1").points, 3);
  EXPECT_DOUBLE_EQ(*Item(r, "4.2").points, 0);
  EXPECT_DOUBLE_EQ(*Item(r, "6.1").points, 10.8);
  EXPECT_DOUBLE_EQ(r.computable_max, 18 + 20 + 22 + 12 + 10 + 18 - 6 - 6 - 10);
  ASSERT_TRUE(r.scaled);
  EXPECT_NEAR(*r.scaled, r.points / r.computable_max * 100, 0.01);
}

TEST(Index766, Bands) {
  EXPECT_EQ(Index766BandName(90), "excellent");
  EXPECT_EQ(Index766BandName(89.99), "good");
  EXPECT_EQ(Index766BandName(80), "good");
  EXPECT_EQ(Index766BandName(70), "fair");
  EXPECT_EQ(Index766BandName(50), "average");
  EXPECT_EQ(Index766BandName(49.99), "weak");
}

}  // namespace
}  // namespace motcua::domain
