#include "domain/counter_allocation.h"

#include <gtest/gtest.h>

#include <numeric>

namespace motcua::domain {
namespace {

int Total(const CounterAllocation& a) {
  int n = a.general_counters;
  for (const auto& f : a.fields) n += f.counters;
  return n;
}

TEST(CounterAllocation, ProportionalWithLargestRemainder) {
  // Loads 50 : 30 : 20 over 5 counters -> quotas 2.5, 1.5, 1.0: floors 2+1+1 = 4, the fifth
  // goes to the larger remainder (tie 0.5/0.5 broken by the larger load).
  std::vector<FieldDemand> d{
      {"HT", "Hộ tịch", 500}, {"DD", "Đất đai", 300}, {"XD", "Xây dựng", 200}};
  AllocationOptions o;
  o.working_days = 10;
  o.counters = 5;
  auto a = AllocateCounters(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->fields[0].counters, 3);
  EXPECT_EQ(a->fields[1].counters, 1);
  EXPECT_EQ(a->fields[2].counters, 1);
  EXPECT_EQ(a->general_counters, 0);
  EXPECT_DOUBLE_EQ(a->fields[0].daily_dossiers, 50.0);
  EXPECT_DOUBLE_EQ(a->fields[0].daily_minutes, 50.0 * kDefaultCounterMinutesPerDossier);
  EXPECT_DOUBLE_EQ(a->fields[0].share, 2.5);
  EXPECT_EQ(Total(*a), 5);
}

TEST(CounterAllocation, SmallFieldsShareTheGeneralCounter) {
  // The seeds' complaint: fields with almost no dossiers hold a counter each.
  std::vector<FieldDemand> d{{"HT", "Hộ tịch", 900},
                             {"DD", "Đất đai", 600},
                             {"TN", "Tài nguyên nước", 3},
                             {"KS", "Khoáng sản", 2},
                             {"MT", "Môi trường", 0}};
  AllocationOptions o;
  o.working_days = 20;
  o.counters = 6;
  auto a = AllocateCounters(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->fields[2].on_general);
  EXPECT_TRUE(a->fields[3].on_general);
  EXPECT_EQ(a->fields[2].counters, 0);
  EXPECT_FALSE(a->fields[4].on_general) << "no demand: nothing to cover";
  EXPECT_EQ(a->fields[4].counters, 0);
  EXPECT_EQ(a->general_counters, 1);
  EXPECT_EQ(a->fields[0].counters, 3);
  EXPECT_EQ(a->fields[1].counters, 2);
  EXPECT_EQ(Total(*a), 6);
}

TEST(CounterAllocation, HandlingMinutesWeighTheLoad) {
  // Same number of dossiers, but land dossiers take four times longer at the counter.
  std::vector<FieldDemand> d{{"HT", "Hộ tịch", 100, 10}, {"DD", "Đất đai", 100, 40}};
  AllocationOptions o;
  o.working_days = 5;
  o.counters = 5;
  auto a = AllocateCounters(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->fields[0].counters, 1);
  EXPECT_EQ(a->fields[1].counters, 4);
}

TEST(CounterAllocation, MoreFieldsThanCountersGroupsTheSmallest) {
  std::vector<FieldDemand> d{
      {"A", "A", 100}, {"B", "B", 90}, {"C", "C", 80}, {"D", "D", 70}, {"E", "E", 60}};
  AllocationOptions o;
  o.counters = 3;
  auto a = AllocateCounters(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(Total(*a), 3);
  EXPECT_EQ(a->general_counters, 1);
  EXPECT_EQ(a->fields[0].counters, 1);
  EXPECT_EQ(a->fields[1].counters, 1);
  for (int i = 2; i < 5; ++i) EXPECT_TRUE(a->fields[i].on_general) << i;
  // Every field with demand is covered.
  for (const auto& f : a->fields) EXPECT_TRUE(f.counters > 0 || f.on_general) << f.field_code;
}

TEST(CounterAllocation, OneCounterServesEverything) {
  std::vector<FieldDemand> d{{"A", "A", 10}, {"B", "B", 9}};
  AllocationOptions o;
  o.counters = 1;
  auto a = AllocateCounters(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->general_counters, 1);
  EXPECT_TRUE(a->fields[0].on_general);
  EXPECT_TRUE(a->fields[1].on_general);
}

TEST(CounterAllocation, NoDemandMakesEveryCounterGeneral) {
  AllocationOptions o;
  o.counters = 4;
  auto a = AllocateCounters({{"A", "A", 0}}, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->general_counters, 4);
  EXPECT_EQ(a->fields[0].counters, 0);
  auto empty = AllocateCounters({}, o);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->general_counters, 4);
}

TEST(CounterAllocation, MinimumOfOneDoesNotOvershoot) {
  // Quotas 8.4, 0.8, 0.8 over 10: floors give 8+1+1 after the minimum; sum stays 10.
  std::vector<FieldDemand> d{{"A", "A", 840}, {"B", "B", 80}, {"C", "C", 80}};
  AllocationOptions o;
  o.counters = 10;
  auto a = AllocateCounters(d, o);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->fields[0].counters, 8);
  EXPECT_EQ(a->fields[1].counters, 1);
  EXPECT_EQ(a->fields[2].counters, 1);
  // The minimum must be paid for by the big field: quotas 3.5, 0.5, 0.5, 0.5 of 5 give
  // 3+1+1+1 = 6 after the minimum, so the big field gives one back.
  std::vector<FieldDemand> e{{"A", "A", 350}, {"B", "B", 50}, {"C", "C", 50}, {"D", "D", 50}};
  o.counters = 5;
  auto b = AllocateCounters(e, o);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(Total(*b), 5);
  EXPECT_EQ(b->fields[0].counters, 2);
  EXPECT_EQ(b->fields[1].counters, 1);
  EXPECT_EQ(b->fields[3].counters, 1);
  EXPECT_EQ(b->general_counters, 0);
}

TEST(CounterAllocation, SumAlwaysEqualsCounters) {
  for (int counters = 1; counters <= 12; ++counters) {
    for (int seed = 1; seed < 30; ++seed) {
      std::vector<FieldDemand> d;
      for (int i = 0; i < 7; ++i)
        d.push_back({std::to_string(i), "", static_cast<int64_t>((seed * (i + 3) * 37) % 101)});
      AllocationOptions o;
      o.counters = counters;
      o.working_days = 1 + seed % 5;
      auto a = AllocateCounters(d, o);
      ASSERT_TRUE(a.ok());
      EXPECT_EQ(Total(*a), counters) << counters << " " << seed;
      for (const auto& f : a->fields) {
        if (f.daily_minutes > 0) {
          EXPECT_TRUE(f.counters > 0 || f.on_general);
        }
        if (f.on_general) {
          EXPECT_GE(a->general_counters, 1);
        }
      }
    }
  }
}

TEST(CounterAllocation, RejectsBadInput) {
  AllocationOptions o;
  o.counters = 0;
  auto a = AllocateCounters({}, o);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().field(), "counters");
  o.counters = 2;
  o.working_days = 0;
  EXPECT_EQ(AllocateCounters({}, o).status().field(), "working_days");
  o.working_days = 1;
  EXPECT_EQ(AllocateCounters({{"A", "A", -1}}, o).status().field(), "dossiers");
}

}  // namespace
}  // namespace motcua::domain
