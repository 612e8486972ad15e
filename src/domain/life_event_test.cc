#include "domain/life_event.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace motcua::domain {
namespace {

namespace json = boost::json;

json::value Doc(std::string_view extra_member = "") {
  std::string text = R"({"life_events": [{"id": "khai-sinh", "name": "Khai sinh",
    "legal_basis": "Nghị định số 63/2024/NĐ-CP",
    "communes": [{"agency_code": "000.21.00.H99", "reception_code": "000.21.01.H99"}],
    "members": [
      {"procedure_code": "1.001193", "title": "Khai sinh", "competent": "commune"},
      {"procedure_code": "1.004222", "title": "Thường trú", "competent": "by_commune",
       "by_commune": {"000.21.00.H99": "000.31.21.H99"}}
      )" + std::string(extra_member) +
                     R"(]}]})";
  return json::parse(text);
}

TEST(LifeEvent, ReadsMembersAndResolvesCompetentAgencies) {
  auto events = LifeEventsFromJson(
      Doc(R"(, {"procedure_code": "1.001939", "title": "Thẻ BHYT", "competent": "procedure"})"));
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 1u);
  const LifeEvent& e = (*events)[0];
  ASSERT_EQ(e.members.size(), 3u);
  EXPECT_EQ(e.CompetentFor(0, "000.21.00.H99"), "000.21.00.H99");
  EXPECT_EQ(e.CompetentFor(1, "000.21.00.H99"), "000.31.21.H99");
  EXPECT_EQ(e.CompetentFor(2, "000.21.00.H99"), "");
  ASSERT_NE(e.FindCommune("000.21.00.H99"), nullptr);
  EXPECT_EQ(e.FindCommune("000.21.00.H99")->reception_code, "000.21.01.H99");
  EXPECT_EQ(e.FindCommune("000.22.00.H99"), nullptr);
}

TEST(LifeEvent, NamesThePathOfTheFirstProblem) {
  auto dup = LifeEventsFromJson(Doc(R"(, {"procedure_code": "1.001193", "title": "Lặp"})"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().field(), "life_events[0].members[2].procedure_code");

  auto bad_code = LifeEventsFromJson(Doc(R"(, {"procedure_code": "x", "title": "Sai mã"})"));
  ASSERT_FALSE(bad_code.ok());
  EXPECT_EQ(bad_code.status().field(), "life_events[0].members[2].procedure_code");

  auto bad_rule = LifeEventsFromJson(
      Doc(R"(, {"procedure_code": "1.001939", "title": "T", "competent": "x"})"));
  ASSERT_FALSE(bad_rule.ok());
  EXPECT_EQ(bad_rule.status().field(), "life_events[0].members[2].competent");

  // A by_commune member must name an agency for every commune of the event.
  auto text = json::serialize(Doc());
  text.replace(text.find("\"000.21.00.H99\":\"000.31.21.H99\""),
               std::string("\"000.21.00.H99\":\"000.31.21.H99\"").size(),
               "\"000.22.00.H99\":\"000.31.22.H99\"");
  auto uncovered = LifeEventsFromJson(json::parse(text));
  ASSERT_FALSE(uncovered.ok());
  EXPECT_EQ(uncovered.status().field(), "life_events[0].members[1].by_commune.000.21.00.H99");
}

TEST(LifeEvent, ShippedDefinitionsAreValid) {
  std::ifstream in(std::string(MOTCUA_SOURCE_DIR) + "/data/life_events.json");
  ASSERT_TRUE(in) << "data/life_events.json";
  std::stringstream ss;
  ss << in.rdbuf();
  auto events = LifeEventsFromJson(json::parse(ss.str()));
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].id, "khai-sinh");
  EXPECT_EQ((*events)[0].members[0].procedure_code, "1.001193");
  EXPECT_EQ((*events)[0].members[1].procedure_code, "1.004222");
  EXPECT_EQ((*events)[1].id, "khai-tu");
  EXPECT_EQ((*events)[1].members[0].procedure_code, "1.000656");
  EXPECT_EQ((*events)[1].members[1].procedure_code, "1.003197");
}

}  // namespace
}  // namespace motcua::domain
