#include "domain/national_catalogue.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>

#include "common/xz_lines.h"

namespace motcua::domain {
namespace {

namespace json = boost::json;
using Unit = TimeLimit::Unit;

const std::string kHead = "Hình thức nộpThời gianPhí, lệ phíMô tả";

bool HasProblem(const std::vector<ParseProblem>& r, std::string_view problem, bool error) {
  for (const auto& p : r)
    if (p.problem == problem && p.error == error) return true;
  return false;
}
int Errors(const std::vector<ParseProblem>& r) {
  int n = 0;
  for (const auto& p : r) n += p.error;
  return n;
}

TEST(NationalChannels, LimitsPerChannelWithUnitsAndFees) {
  std::vector<ParseProblem> r;
  auto rows = ParseChannelsTimeFees(
      kHead +
          "Trực tuyến7 Ngày làm việc10,000 Việt Nam Đồng(Trường hợp nộp trực tuyến thu 10.000 "
          "đồng/lần.)Nộp qua Cổng dịch vụ công quốc gia.Trực tiếp10 Ngày20,000 VNĐ(20.000 "
          "đồng)Dịch vụ bưu chính24 GiờMiễn phíTrực tiếp2 ThángKhông có thông tin",
      "1.000001", r);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].channel, Channel::kOnline);
  EXPECT_EQ(rows[0].limit, (TimeLimit{Unit::kWorkingDays, 7}));
  EXPECT_EQ(rows[0].fee.amount, 10000);
  EXPECT_EQ(rows[0].fee.description, "Trường hợp nộp trực tuyến thu 10.000 đồng/lần.");
  EXPECT_FALSE(rows[0].fee.not_published);
  EXPECT_EQ(rows[0].description, "Nộp qua Cổng dịch vụ công quốc gia.");
  EXPECT_EQ(rows[1].channel, Channel::kInPerson);
  EXPECT_EQ(rows[1].limit, (TimeLimit{Unit::kCalendarDays, 10}));
  EXPECT_EQ(rows[1].fee.amount, 20000);
  EXPECT_EQ(rows[2].channel, Channel::kPostal);
  EXPECT_EQ(rows[2].limit, (TimeLimit{Unit::kWorkingHours, 24}));
  // "Miễn phí" with no text is 0 without text: not published, not free.
  EXPECT_TRUE(rows[2].fee.not_published);
  EXPECT_EQ(rows[3].limit, (TimeLimit{Unit::kMonths, 2}));
  EXPECT_TRUE(rows[3].fee.not_published);
  EXPECT_EQ(Errors(r), 0);
  EXPECT_TRUE(HasProblem(r, "fee_not_published", false));
}

TEST(NationalChannels, FeeSetByTheProvinceAndBareNumbersAreNotGuessed) {
  std::vector<ParseProblem> r;
  auto rows = ParseChannelsTimeFees(
      kHead +
          "Trực tuyến7Miễn phí(Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh, thành phố trực thuộc "
          "Trung ương quyết định.)Trực tiếp1.5 Ngày làm việcMiễn phí(Sao y: 2.000 đồng/trang; "
          "chứng thực 10.000 đồng/bản)",
      "1.000002", r);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].limit, (TimeLimit{Unit::kNotPublished, 7}));
  EXPECT_TRUE(HasProblem(r, "time_unit_missing", false));
  EXPECT_TRUE(rows[0].fee.set_by_province);
  EXPECT_FALSE(rows[0].fee.not_published);
  EXPECT_NE(rows[0].fee.description.find("Hội đồng nhân dân"), std::string::npos);
  EXPECT_EQ(rows[1].limit, (TimeLimit{Unit::kWorkingHours, 12}));
  EXPECT_TRUE(rows[1].fee.per_page);
  EXPECT_TRUE(rows[1].fee.per_copy);
  EXPECT_EQ(Errors(r), 0);
}

TEST(NationalChannels, NumbersRunTogetherAreSplitOnlyWhenTheTextSaysHow) {
  std::vector<ParseProblem> r;
  auto rows = ParseChannelsTimeFees(
      kHead + "Trực tuyến1100 VNĐ(Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần)",
      "2.002009", r);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].limit, (TimeLimit{Unit::kNotPublished, 1}));
  EXPECT_EQ(rows[0].fee.amount, 100000);
  EXPECT_TRUE(HasProblem(r, "fee_in_thousands", false));
  EXPECT_EQ(Errors(r), 0);

  // Amounts have no leading zero and 0 shows as "Miễn phí": "120" can only be 1 and 20.
  r.clear();
  rows = ParseChannelsTimeFees(kHead + "Trực tuyến120 VNĐ", "1.006429", r);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].limit, (TimeLimit{Unit::kNotPublished, 1}));
  EXPECT_EQ(rows[0].fee.amount, 20);
  EXPECT_EQ(Errors(r), 0);

  // "125" is 1 and 25 or 12 and 5: reported, neither taken.
  r.clear();
  rows = ParseChannelsTimeFees(kHead + "Trực tuyến125 VNĐ", "2.002015", r);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "time_and_fee_run_together", true));
  EXPECT_TRUE(rows[0].fee.not_published);
  EXPECT_FALSE(rows[0].limit.Published());
}

TEST(NationalChannels, UnknownUnitsAndUnreadableTablesAreReported) {
  std::vector<ParseProblem> r;
  auto rows = ParseChannelsTimeFees(kHead + "Trực tiếp3 TuầnMiễn phí", "1.000003", r);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(HasProblem(r, "unit_unknown", true));
  EXPECT_FALSE(rows[0].limit.Published());
  EXPECT_EQ(r[0].code, "1.000003");
  EXPECT_EQ(r[0].field, "channels_time_fees");
  EXPECT_NE(r[0].raw.find("3 Tuần"), std::string::npos);

  r.clear();
  EXPECT_TRUE(ParseChannelsTimeFees("Trực tiếp3 Ngày", "1.000004", r).empty());
  EXPECT_TRUE(HasProblem(r, "table_header_missing", true));
  r.clear();
  EXPECT_TRUE(ParseChannelsTimeFees(kHead + "Nộp tại trụ sở", "1.000005", r).empty());
  EXPECT_TRUE(HasProblem(r, "rows_unreadable", true));
  r.clear();
  rows = ParseChannelsTimeFees(kHead + "Trực tiếp5 Ngày làm việc12 con gà", "1.000006", r);
  EXPECT_TRUE(HasProblem(r, "fee_unreadable", true));
}

TEST(NationalLegalBases, TitlesAndNumbersRunTogether) {
  std::vector<ParseProblem> r;
  auto laws = ParseLegalBases(
      "Tên văn bản pháp lýMã văn bảnHướng dẫn xử lý khiếu nại68/2013/TT-BCALuật Khiếu nại  năm "
      "201102/2011/QH13Nghị định 05/2012/NĐ-CP05/2012/NĐ-CPLuật 60/2014/QH1360/2014/QH13Quyết "
      "định của Thủ tướng15/2020/QĐ-TTgNghị quyết số 66.7/2025/NQ-CP của Chính "
      "phủ66.7/2025/NQ-CPThông tư liên tịch10/2013/TTLT-BTTTT-BQP-BCA",
      "1.000178", r);
  EXPECT_EQ(Errors(r), 0);
  std::vector<std::string> numbers;
  for (const auto& l : laws) numbers.push_back(l.number);
  EXPECT_EQ(numbers, (std::vector<std::string>{"68/2013/TT-BCA", "02/2011/QH13", "05/2012/NĐ-CP",
                                               "60/2014/QH13", "15/2020/QĐ-TTg", "66.7/2025/NQ-CP",
                                               "10/2013/TTLT-BTTTT-BQP-BCA"}));
  EXPECT_EQ(laws[1].title, "Luật Khiếu nại  năm 2011");
  EXPECT_EQ(laws[3].title, "Luật 60/2014/QH13");
  EXPECT_EQ(laws[5].title, "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ");
  EXPECT_EQ(LegalNumberCore("Thông tư số 03/2023/TT-BTP"), "03/2023/TT-BTP");
  EXPECT_EQ(LegalNumberCore("75/2026/QĐ-UBND (thành phố Đà Nẵng)"), "75/2026/QĐ-UBND");

  r.clear();
  ParseLegalBases("Tên văn bản pháp lýMã văn bảnLuật không số", "1.000007", r);
  EXPECT_TRUE(HasProblem(r, "legal_basis_unreadable", true));
}

TEST(NationalComponents, CountsFormsAndGroups) {
  std::vector<ParseProblem> r;
  auto comps = ParseComponents(
      "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai thay đổi thông tin cư trú "
      "(Mẫu CT01 ban hành kèm theo Thông  tư số 53/2025/TT-BCA).1.MuCT01banhnhkmtheoThngts53 "
      "(5).doc1 bản chính- Bản sao giấy tờ chứng minh nhân thân.0 bản chính,1 bản sao* Giấy tờ "
      "phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượngHộ chiếu còn giá trị sử dụng1 bản chính",
      "1.010028", r);
  EXPECT_EQ(Errors(r), 0);
  ASSERT_EQ(comps.size(), 3u);
  EXPECT_EQ(comps[0].name,
            "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông  tư số "
            "53/2025/TT-BCA).");
  EXPECT_EQ(comps[0].template_name, "1.MuCT01banhnhkmtheoThngts53 (5).doc");
  EXPECT_EQ(comps[0].originals, 1);
  EXPECT_EQ(comps[1].originals, 0);
  EXPECT_EQ(comps[1].copies, 1);
  EXPECT_EQ(comps[2].name, "Hộ chiếu còn giá trị sử dụng");

  // A last paper without its count is kept with 0/0 and reported; a lone "+" is unreadable.
  r.clear();
  comps = ParseComponents("--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghị", "1.000008", r);
  ASSERT_EQ(comps.size(), 1u);
  EXPECT_EQ(comps[0].originals + comps[0].copies, 0);
  EXPECT_TRUE(HasProblem(r, "component_count_missing", false));
  r.clear();
  ParseComponents("--Tên giấy tờMẫu đơn, tờ khaiSố lượng+", "1.000009", r);
  EXPECT_TRUE(HasProblem(r, "component_unreadable", true));
}

TEST(NationalCatalogueRow, MalformedLinesFail) {
  auto ok = ParseNationalCatalogueRow(
      R"({"code": "3.000616", "name": "Thủ tục Hỗ trợ", "fields": ["Công nghiệp"], "agencies":
      ["Sở Khoa học và Công nghệ"], "promulgated_by": "UBND Thành phố Huế", "applicants":
      ["Doanh nghiệp Việt Nam"], "scope": "province-specific", "state": "ACTIVE"})");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->province_specific);
  EXPECT_FALSE(ParseNationalCatalogueRow("{\"code\": \"3.000616\", \"name\": ").ok());
  EXPECT_EQ(ParseNationalCatalogueRow(R"({"code": "x", "name": "a", "scope": "national"})")
                .status()
                .field(),
            "code");
  EXPECT_EQ(ParseNationalCatalogueRow(R"({"code": "1.000001", "name": "a", "scope": "world"})")
                .status()
                .field(),
            "scope");
}

TEST(NationalCatalogueRow, ProvinceNames) {
  EXPECT_TRUE(PromulgatedByProvince("UBND tỉnh Bắc Ninh", "Bắc Ninh"));
  EXPECT_TRUE(PromulgatedByProvince("UBND tỉnh Bắc Ninh", "tỉnh Bắc Ninh"));
  EXPECT_TRUE(PromulgatedByProvince("UBND Thành phố Huế", "Thành phố Huế"));
  EXPECT_TRUE(
      PromulgatedByProvince("Trung tâm phục vụ hành chính công Thành phố Hà Nội", "Hà Nội"));
  EXPECT_TRUE(PromulgatedByProvince("Sở Xây dựng - tỉnh Quảng Ngãi", "Quảng Ngãi"));
  EXPECT_FALSE(PromulgatedByProvince("UBND tỉnh Bắc Ninh", "Ninh Bình"));
  EXPECT_FALSE(PromulgatedByProvince("UBND tỉnh Bắc Ninh", ""));
}

TEST(NationalStructured, CasesQuantitiesAsTextAndZeroLimits) {
  NationalCatalogueRow row;
  row.code = "1.000080";
  row.name = "Thủ tục đăng ký nhận cha, mẹ, con";
  row.fields = {"Hộ tịch"};
  json::object st = json::parse(R"({"code": "1.000080", "channels": [
      {"method": "ONLINE", "fees": [{"type": "FEE", "value_vnd": 0, "text": ""}],
       "processing": {"qty": "3", "unit": "WORKING_DAY"}, "note": ""},
      {"method": "DIRECT", "fees": [], "processing": {"qty": 0, "unit": "DAY"}, "note": ""}],
    "processing_cases": [{"case_code": "1.000080.01", "qty": 12, "unit": "WORKING_DAY"},
                         {"case_code": "1.000080.02", "qty": 1, "unit": "FORTNIGHT"}],
    "legal_basis": [{"code": "60/2014/QH13", "name": "Luật Hộ tịch"}],
    "checklist_raw": [], "steps_raw": [], "results": ["Trích lục"]})")
                        .as_object();
  std::vector<ParseProblem> r;
  Procedure p = NationalProcedure(row, nullptr, &st, "2026-07-01", r);
  ASSERT_EQ(p.channel_time_limits.size(), 2u);
  EXPECT_EQ(p.channel_time_limits[0].limit, (TimeLimit{Unit::kWorkingDays, 3}));
  EXPECT_FALSE(p.channel_time_limits[1].limit.Published());  // 0 days is no limit
  EXPECT_TRUE(HasProblem(r, "time_out_of_range", true));
  ASSERT_EQ(p.case_time_limits.size(), 2u);
  EXPECT_EQ(p.case_time_limits[0].limit, (TimeLimit{Unit::kWorkingDays, 12}));
  EXPECT_FALSE(p.case_time_limits[1].limit.Published());
  EXPECT_TRUE(HasProblem(r, "unit_unknown", true));
  EXPECT_TRUE(p.fees[0].not_published);
  EXPECT_EQ(p.legal_documents.at(0).number, "60/2014/QH13");
  EXPECT_EQ(p.result, "Trích lục");
  EXPECT_TRUE(ValidateProcedure(p).ok()) << ValidateProcedure(p).ToString();
}

// ---- The shipped national catalogue (data/catalogue/national).

struct Shipped {
  std::vector<NationalCatalogueRow> rows;
  std::vector<std::string> rejected;  // rows whose code is not a national code
  std::map<std::string, json::object> text;
  std::map<std::string, json::object> structured;
};

const Shipped& Load() {
  static const Shipped* shipped = [] {
    auto* s = new Shipped;
    std::string dir = std::string(MOTCUA_SOURCE_DIR) + "/data/catalogue/national/";
    auto rows = ReadXzLines(dir + "catalogue.jsonl.xz");
    EXPECT_TRUE(rows.ok());
    for (const auto& line : *rows) {
      auto row = ParseNationalCatalogueRow(line);
      if (row.ok()) {
        s->rows.push_back(*row);
      } else {
        EXPECT_EQ(row.status().field(), "code") << line;
        s->rejected.push_back(line);
      }
    }
    for (auto [file, into] : {std::pair{"details_text.jsonl.xz", &s->text},
                              std::pair{"details_structured.jsonl.xz", &s->structured}}) {
      auto lines = ReadXzLines(dir + file);
      EXPECT_TRUE(lines.ok());
      for (const auto& line : *lines) {
        json::object o = json::parse(line).as_object();
        (*into)[std::string(o.at("code").as_string())] = o;
      }
    }
    return s;
  }();
  return *shipped;
}

TEST(NationalShipped, AtLeast98PercentOfDetailPagesParseWithNoUnreadableField) {
  const auto& s = Load();
  ASSERT_EQ(s.text.size(), 2642u);
  int clean = 0;
  std::map<std::string, int> by_problem;
  for (const auto& [code, page] : s.text) {
    NationalCatalogueRow row;
    row.code = code;
    row.name = std::string(page.at("name").as_string());
    std::vector<ParseProblem> r;
    NationalProcedure(row, &page, nullptr, "2026-07-01", r);
    if (Errors(r) == 0) ++clean;
    for (const auto& p : r)
      if (p.error && ++by_problem[p.field + "/" + p.problem] <= 30 &&
          getenv("MOTCUA_SHOW_PROBLEMS"))
        std::printf("%s %s/%s: %s\n", code.c_str(), p.field.c_str(), p.problem.c_str(),
                    p.raw.c_str());
  }
  double ratio = static_cast<double>(clean) / static_cast<double>(s.text.size());
  std::string problems;
  for (const auto& [k, n] : by_problem) problems += k + "=" + std::to_string(n) + " ";
  RecordProperty("parse_ratio", std::to_string(ratio));
  std::printf("national detail pages parsed with no unreadable field: %d / %zu = %.4f; %s\n", clean,
              s.text.size(), ratio, problems.c_str());
  EXPECT_GE(ratio, 0.98) << problems;
}

// On the codes that have both a text page and a structured record, the text parser reads what
// the structured record holds: channels, limit and unit per channel, the fee the page shows,
// legal numbers and the number of components. The two crawls were made at different times, so
// a few pages show another version than the record; a difference counts as such only when the
// record's value is nowhere in the page (checked below), never to excuse a misreading.
TEST(NationalShipped, TextParserAgreesWithTheStructuredRecords) {
  const auto& s = Load();
  ASSERT_EQ(s.structured.size(), 502u);
  int compared = 0;
  std::vector<std::string> misread, other_version;
  std::map<std::string, std::string> unit_text{{"WORKING_DAY", " Ngày làm việc"},
                                               {"DAY", " Ngày"},
                                               {"HOUR", " Giờ"},
                                               {"MONTH", " Tháng"},
                                               {"OTHER", ""}};
  std::map<std::string, Unit> units{{"WORKING_DAY", Unit::kWorkingDays},
                                    {"DAY", Unit::kCalendarDays},
                                    {"HOUR", Unit::kWorkingHours},
                                    {"MONTH", Unit::kMonths},
                                    {"OTHER", Unit::kNotPublished}};
  std::map<std::string, std::string> channel_text{
      {"ONLINE", "Trực tuyến"}, {"POSTAL", "Dịch vụ bưu chính"}, {"DIRECT", "Trực tiếp"}};
  for (const auto& [code, st] : s.structured) {
    auto it = s.text.find(code);
    if (it == s.text.end()) continue;
    ++compared;
    const auto& page = it->second;
    std::string cells = std::string(page.at("channels_time_fees").as_string());
    std::string laws_cell = std::string(page.at("legal_bases").as_string());
    std::string components_cell = std::string(page.at("components").as_string());
    NationalCatalogueRow row;
    row.code = code;
    row.name = "x";
    std::vector<ParseProblem> r;
    Procedure p = NationalProcedure(row, &page, nullptr, "2026-07-01", r);
    EXPECT_EQ(Errors(r), 0) << code << ": " << (r.empty() ? "" : r[0].problem + " " + r[0].raw);
    auto differ = [&](bool in_page, const std::string& what) {
      (in_page ? misread : other_version).push_back(code + " " + what);
    };
    const auto& channels = st.at("channels").as_array();
    if (p.channel_time_limits.size() != channels.size()) {
      differ(true, "channel count");
      continue;
    }
    for (size_t i = 0; i < channels.size(); ++i) {
      const auto& c = channels[i].as_object();
      const auto& got = p.channel_time_limits[i];
      std::string method(c.at("method").as_string());
      EXPECT_EQ(ChannelName(got.channel), method == "ONLINE"   ? "online"
                                          : method == "POSTAL" ? "postal"
                                                               : "in_person")
          << code;
      if (c.at("processing").is_object()) {
        const auto& proc = c.at("processing").as_object();
        std::string unit(proc.at("unit").as_string());
        int qty = static_cast<int>(proc.at("qty").to_number<double>());
        TimeLimit want{units.at(unit), qty};
        if (got.limit != want) {
          std::string written = channel_text[method] + std::to_string(qty) + unit_text[unit];
          differ(cells.find(written) != std::string::npos,
                 method + " limit " + got.limit.LabelVi() + " vs " + written);
        }
      } else {
        EXPECT_FALSE(got.limit.Published()) << code;
      }
      const Fee* fee = nullptr;
      for (const auto& f : p.fees)
        if (std::find(f.channels.begin(), f.channels.end(), got.channel) != f.channels.end())
          fee = &f;
      ASSERT_NE(fee, nullptr) << code;
      const auto& fees = c.at("fees").as_array();
      if (fees.empty()) {
        EXPECT_TRUE(fee->not_published) << code;
      } else {
        const auto& f0 = fees[0].as_object();
        EXPECT_EQ(fee->amount, static_cast<int64_t>(f0.at("value_vnd").to_number<double>()))
            << code;
        bool empty_text = f0.at("text").as_string().empty();
        EXPECT_EQ(fee->not_published, fee->amount == 0 && empty_text) << code;
      }
    }
    std::set<std::string> want_laws, got_laws;
    for (const auto& l : st.at("legal_basis").as_array())
      want_laws.insert(LegalNumberCore(l.at("code").as_string()));
    for (const auto& l : p.legal_documents) got_laws.insert(LegalNumberCore(l.number));
    for (const auto& l : want_laws)
      if (!got_laws.count(l)) differ(laws_cell.find(l) != std::string::npos, "law missing " + l);
    for (const auto& l : got_laws)
      if (!want_laws.count(l)) differ(true, "law extra " + l);
    size_t want_components = 0;
    bool all_in_page = true;
    for (const auto& g : st.at("checklist_raw").as_array())
      for (const auto& item : g.at("items").as_array()) {
        ++want_components;
        std::string name(item.at("name").as_string());
        while (!name.empty() && name.back() == ' ') name.pop_back();
        if (components_cell.find(name) == std::string::npos) all_in_page = false;
      }
    if (p.components.size() != want_components) {
      std::string lost;
      for (const auto& g : st.at("checklist_raw").as_array())
        for (const auto& item : g.at("items").as_array()) {
          std::string name(item.at("name").as_string());
          bool found = false;
          for (const auto& c : p.components) found = found || c.name.find(name.substr(0, 30)) == 0;
          if (!found && lost.empty()) lost = name.substr(0, 80);
        }
      differ(all_in_page,
             fmt::format("components {} vs {} ({})", p.components.size(), want_components, lost));
    }
  }
  EXPECT_EQ(compared, 77);  // the codes that have both a text page and a structured record
  std::string list;
  for (const auto& m : misread) list += m + "; ";
  EXPECT_TRUE(misread.empty()) << misread.size() << " misread: " << list;
  std::set<std::string> versions;
  for (const auto& d : other_version) versions.insert(d.substr(0, d.find(' ')));
  std::printf("text vs structured: %d codes compared, %zu misread, %zu show another version\n",
              compared, misread.size(), versions.size());
  // The codes whose page shows another version than the record (all from one crawl batch of
  // the Ministry of Construction's 1.0132xx procedures); more would mean a misreading.
  EXPECT_LE(versions.size(), 16u);
}

TEST(NationalShipped, NoParseErrorForTheStructuredCodes) {
  const auto& s = Load();
  std::map<std::string, const NationalCatalogueRow*> rows;
  for (const auto& r : s.rows) rows[r.code] = &r;
  for (const auto& [code, st] : s.structured) {
    ASSERT_TRUE(rows.count(code)) << code;
    auto t = s.text.find(code);
    std::vector<ParseProblem> r;
    Procedure p = NationalProcedure(*rows[code], t == s.text.end() ? nullptr : &t->second, &st,
                                    "2026-07-01", r);
    EXPECT_EQ(Errors(r), 0) << code << ": " << (r.empty() ? "" : r[0].problem + " " + r[0].raw);
    EXPECT_TRUE(ValidateProcedure(p).ok()) << code << ValidateProcedure(p).ToString();
    EXPECT_EQ(p.case_time_limits.size(), st.at("processing_cases").as_array().size()) << code;
  }
}

TEST(NationalShipped, EveryCatalogueRowMakesAValidProcedure) {
  const auto& s = Load();
  // 5,670 lines: two carry codes that are not national codes (" 1.014325" with a space, taken by
  // another procedure once trimmed; "1.014955-Xoa"), both province-specific; they are rejected.
  ASSERT_EQ(s.rows.size(), 5668u);
  ASSERT_EQ(s.rejected.size(), 2u);
  std::set<std::string> codes;
  int province_specific = 0;
  for (const auto& row : s.rows) {
    codes.insert(row.code);
    province_specific += row.province_specific;
    auto t = s.text.find(row.code);
    auto st = s.structured.find(row.code);
    std::vector<ParseProblem> r;
    Procedure p =
        NationalProcedure(row, t == s.text.end() ? nullptr : &t->second,
                          st == s.structured.end() ? nullptr : &st->second, "2026-07-01", r);
    Status v = ValidateProcedure(p);
    EXPECT_TRUE(v.ok()) << row.code << " " << v.ToString();
    auto back = ProcedureFromJson(ToJson(p));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, p) << row.code;
  }
  EXPECT_EQ(codes.size(), 5668u);
  EXPECT_EQ(province_specific, 902);
}

}  // namespace
}  // namespace motcua::domain
