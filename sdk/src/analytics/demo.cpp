// The seeded demo shop: a beauty salon and spa with branches in Dar es Salaam and Arusha and
// customers in Dubai, 18 months of WhatsApp-style messages and payments in Swahili, English
// and a little Chinese. The generator knows what it wrote, so it records the ground truth the
// analysis must reproduce: segment counts from the true events (computed here without the CSV
// reader, the parsers or the lexicon), and every deliberate fault with its line number.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "internal.hpp"

namespace promokit::analytics {

namespace {

using detail::kMinuteMs;

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {  // SplitMix64
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  std::int64_t range(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(double p) { return uniform() < p; }
  template <class T, std::size_t N>
  const T& pick(const T (&a)[N]) {
    return a[next() % N];
  }
};

// 2024-01-01 00:00 and 2025-06-30 18:00, East Africa Time (UTC+3), in minutes since 1970.
constexpr std::int64_t kEat = 180;
constexpr std::int64_t kStartMin = 28401120 - kEat;
constexpr std::int64_t kEndMin = 29187360 - kEat + 18 * 60;
constexpr std::int64_t kDay = 1440;

enum Lang { Sw, En, Zh };
enum Arch { Loyal, Vip, Regular, Lapsed, NewCustomer, Browser, kArchCount };

struct City {
  const char* name;   // as the lexicon names it
  const char* phone;  // country code and mobile prefix
  const char* sw;
  const char* en;
};
const City kCities[] = {
    {"Dar es Salaam", "+25575", "Niko Dar es Salaam, mna tawi karibu na Kariakoo?", "I am in Dar es Salaam, which branch is near Masaki?"},
    {"Arusha", "+25576", "Niko Arusha, tawi lenu liko wapi?", "I live in Arusha, where is your branch?"},
    {"Dubai", "+97150", "Niko Dubai kwa sasa, nitarudi mwezi ujao", "I am in Dubai now, back home next month"},
};

struct Service {
  const char* sw;  // words the lexicon knows for it
  const char* en;
  const char* zh;
  std::int64_t lo, hi;  // price range, TZS (major units)
};
const Service kServices[] = {
    {"kusuka", "braids", "\xE7\xBC\x96\xE8\xBE\xAB\xE5\xAD\x90", 25000, 90000},  // 编辫子
    {"wig", "wig installation", "\xE5\x81\x87\xE5\x8F\x91", 40000, 150000},      // 假发
    {"manicure", "manicure", "\xE7\xBE\x8E\xE7\x94\xB2", 10000, 30000},          // 美甲
    {"massage", "massage", "\xE6\x8C\x89\xE6\x91\xA9", 30000, 80000},            // 按摩
    {"facial", "facial", "\xE9\x9D\xA2\xE9\x83\xA8\xE6\x8A\xA4\xE7\x90\x86", 20000, 60000},  // 面部护理
    {"makeup", "makeup", "\xE5\x8C\x96\xE5\xA6\x86", 35000, 120000},             // 化妆
};

const char* const kFirst[] = {"Asha", "Neema", "Rehema", "Zawadi", "Upendo", "Baraka", "Juma", "Mwajuma", "Saida",
                              "Fatuma", "Halima", "Amina", "Grace", "Joyce", "Esther", "Happiness", "Witness", "Glory",
                              "Mariam", "Zuhura", "Sharifa", "Salma", "Aisha", "Lucy", "Agnes", "Rose", "Jane",
                              "Faraji", "Imani", "Subira", "Tumaini", "Nasra", "Latifa", "Khadija", "Winnie"};
const char* const kLast[] = {"Mushi", "Mollel", "Kimaro", "Said", "Mwakyusa", "Massawe", "Lyimo", "Shirima", "Njau",
                             "Temba", "Mrema", "Swai", "Kessy", "Mbwambo", "Urassa", "Ally", "Hassan", "Omari"};
const char* const kChinese[] = {"Li Wei", "Wang Fang", "Zhang Min", "Liu Yang", "Chen Jing"};

struct TrueEvent {
  std::int64_t minute = 0;
  bool inbound = false;
  std::string text, amount;
  Money counted = 0;  // minor units counted as a purchase (0: none)
  bool complaint = false, foreign = false, unparseable = false;
};

struct Person {
  std::string id, name;
  Lang lang = Sw;
  int city = 0, service = 0;
  Arch arch = Regular;
  bool mentions_city = false;
  std::vector<TrueEvent> ev;
};

std::string grouped(std::int64_t v) {
  std::string d = std::to_string(v), out;
  for (std::size_t k = 0; k < d.size(); ++k) {
    if (k && (d.size() - k) % 3 == 0) out += ',';
    out += d[k];
  }
  return out;
}

// Money as shops write it, for the amount column and for message text.
std::string amount_cell(Rng& r, std::int64_t tzs) {
  switch (r.range(0, 4)) {
    case 0: return std::to_string(tzs);
    case 1: return grouped(tzs);
    case 2: return "TZS " + grouped(tzs);
    case 3: return grouped(tzs) + "/=";
    default: return "Tsh " + std::to_string(tzs);
  }
}

std::string fill(std::string s, const Person& p, const char* service_word, const std::string& money = {}) {
  auto put = [&](const char* key, const std::string& v) {
    for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + v.size())) s.replace(at, std::strlen(key), v);
  };
  put("{name}", p.name.substr(0, p.name.find(' ')));
  put("{service}", service_word);
  put("{money}", money);
  return s;
}

class Generator {
 public:
  // The seed is hashed into the state: SplitMix64 states that differ by a multiple of its
  // increment would replay the same sequence shifted.
  explicit Generator(const DemoOptions& o) : o_(o), r_{Rng{o.seed}.next()} {}

  DemoData run() {
    make_people();
    garble_amounts();
    Json truth = compute_truth();
    std::string csv = write(truth);
    return {std::move(csv), std::move(truth)};
  }

 private:
  void add(Person& p, std::int64_t minute, bool inbound, std::string text, std::string amount = {}, Money counted = 0) {
    TrueEvent e;
    e.minute = minute;
    e.inbound = inbound;
    e.text = std::move(text);
    e.amount = std::move(amount);
    e.counted = counted;
    p.ev.push_back(std::move(e));
  }

  // Business hours, local time: a minute of the day between 08:00 and 20:00 EAT.
  std::int64_t daytime(std::int64_t day) { return kStartMin + day * kDay + r_.range(8 * 60, 20 * 60 - 1); }

  // The text of a payment row whose amount is in the amount column, in the customer's language.
  static std::string payment_text(const Person& p, const char* kind) {
    const Service& s = kServices[p.service];
    if (p.lang == Zh) return std::string(s.zh) + "\xE4\xBB\x98\xE6\xAC\xBE";  // …付款
    if (p.lang == Sw) return std::string("Malipo ya ") + kind + s.sw;
    return std::string("Payment for ") + kind + s.en;
  }

  void visit(Person& p, std::int64_t day, bool purchase, bool first) {
    const Service& s = kServices[p.service];
    std::int64_t t = daytime(day);
    std::int64_t price = (r_.range(s.lo, s.hi) / 1000) * 1000;
    static const char* const kAskSw[] = {"Habari, naomba bei ya {service}", "Mambo! Nataka {service} leo, mna nafasi?",
                                         "Habari za asubuhi, bei ya {service} ni kiasi gani?",
                                         "Je, mnafanya {service} siku ya Jumamosi?"};
    static const char* const kAskEn[] = {"Hello, what is the price for {service}?",
                                         "Hi, do you have a slot for {service} on Saturday?",
                                         "Good morning, how much is {service} please?",
                                         "Hello {name} here, can I book {service} for tomorrow?"};
    if (p.lang == Zh)
      add(p, t, true, std::string("\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C\xE8\xAF\xB7\xE9\x97\xAE") + s.zh +
                          "\xE5\xA4\x9A\xE5\xB0\x91\xE9\x92\xB1\xEF\xBC\x9F");  // 你好，请问…多少钱？
    else
      add(p, t, true, fill(p.lang == Sw ? r_.pick(kAskSw) : r_.pick(kAskEn), p, p.lang == Sw ? s.sw : s.en));
    if (first && p.mentions_city) add(p, t + r_.range(1, 4), true, p.lang == Sw ? kCities[p.city].sw : kCities[p.city].en);
    t += r_.range(5, 40);
    bool sw = p.lang == Sw;
    add(p, t, false,
        fill(sw ? "Karibu! Bei ya {service} ni TZS {money}." : "Welcome! {service} is TZS {money}, see you soon.", p,
             sw ? s.sw : s.en, grouped(price)));
    if (r_.chance(0.5)) {
      t += r_.range(5, 120);
      static const char* const kOkSw[] = {"Sawa, nitakuja kesho", "Sawa asante sana", "Nitakuja saa nne asubuhi"};
      static const char* const kOkEn[] = {"Ok thanks, I will come tomorrow", "Thank you, see you at 10",
                                          "Great, I will be there"};
      add(p, t, true, p.lang == Sw ? r_.pick(kOkSw) : p.lang == En ? r_.pick(kOkEn) : "\xE5\xA5\xBD\xE7\x9A\x84\xEF\xBC\x8C\xE8\xB0\xA2\xE8\xB0\xA2");  // 好的，谢谢
    }
    if (!purchase) return;
    t = kStartMin + (day + r_.range(1, 3)) * kDay + r_.range(9 * 60, 18 * 60);
    if (p.lang == Zh && r_.chance(0.5)) {
      // paid in yuan by mobile wallet: a foreign amount the analysis reports, not counts
      add(p, t, true, std::string("\xE6\x88\x91\xE4\xBB\x98\xE4\xBA\x86\xC2\xA5") + std::to_string(price / 350));  // 我付了¥
      p.ev.back().foreign = true;
      return;
    }
    if (r_.chance(0.6)) {
      add(p, t, true, payment_text(p, ""), amount_cell(r_, price), price * 100);
    } else {
      std::string money = amount_cell(r_, price);
      if (money.find('/') == std::string::npos && money.find('T') == std::string::npos) money = "TZS " + money;
      static const char* const kPaidSw[] = {"Nimelipa {money} kwa M-Pesa", "Nimetuma {money} kwa huduma ya {service}"};
      static const char* const kPaidEn[] = {"I have paid {money} via M-Pesa", "Paid {money} for {service}, thanks"};
      std::string text = p.lang == Zh ? "\xE6\x88\x91\xE4\xBB\x98\xE4\xBA\x86" + money  // 我付了
                                      : fill(sw ? r_.pick(kPaidSw) : r_.pick(kPaidEn), p, sw ? s.sw : s.en, money);
      add(p, t, true, text, {}, price * 100);
      if (r_.chance(0.6))  // the shop's confirmation repeats the amount: the same payment
        add(p, t + r_.range(3, 30), false,
            sw ? "Tumepokea malipo yako ya TZS " + grouped(price) + ". Asante!"
               : "Payment of TZS " + grouped(price) + " received, thank you!");
    }
  }

  void complaint(Person& p, std::int64_t day) {
    static const char* const kSw[] = {"Huduma mbaya sana leo, nimekasirika", "Sijaridhika kabisa na {service} yangu",
                                      "Nirudishie pesa yangu tafadhali, kazi ni mbovu"};
    static const char* const kEn[] = {"Terrible service today,\nI waited two hours!",
                                      "Very disappointed with my {service}, she said \"tomorrow\" again",
                                      "I want a refund, the {service} was not done well"};
    std::int64_t t = daytime(day);
    const Service& s = kServices[p.service];
    if (p.lang == Zh)
      add(p, t, true, "\xE6\x9C\x8D\xE5\x8A\xA1\xE5\xA4\xAA\xE5\xB7\xAE\xE4\xBA\x86");  // 服务太差了
    else
      add(p, t, true, fill(p.lang == Sw ? r_.pick(kSw) : r_.pick(kEn), p, p.lang == Sw ? s.sw : s.en));
    p.ev.back().complaint = true;
    add(p, t + r_.range(10, 90), false,
        p.lang == Sw ? "Pole sana, tutashughulikia leo" : "We are sorry, we will make it right today");
  }

  void make_people() {
    // the customer mix; about 14.8 messages per customer
    const double kMix[kArchCount] = {0.06, 0.05, 0.30, 0.25, 0.09, 0.25};
    const std::int64_t span = (kEndMin - kStartMin) / kDay;  // 546 days
    people_.resize(o_.customers);
    for (std::size_t i = 0; i < people_.size(); ++i) {
      Person& p = people_[i];
      double u = r_.uniform(), acc = 0;
      for (int a = 0; a < kArchCount; ++a) {
        acc += kMix[a];
        if (u < acc || a == kArchCount - 1) {
          p.arch = Arch(a);
          break;
        }
      }
      double c = r_.uniform();
      p.city = c < 0.6 ? 0 : c < 0.85 ? 1 : 2;
      double l = r_.uniform();
      p.lang = p.city == 0 && l < 0.03 ? Zh : l < (p.city == 2 ? 0.3 : 0.7) ? Sw : En;
      p.service = static_cast<int>(r_.range(0, 5));
      p.mentions_city = r_.chance(0.7) && p.lang != Zh;  // the lexicon has no Chinese place names
      char phone[24];
      std::snprintf(phone, sizeof phone, "%s%07zu", kCities[p.city].phone, 1000000 + i * 7919 % 8999999);
      p.id = phone;
      p.name = p.lang == Zh ? r_.pick(kChinese) : std::string(r_.pick(kFirst)) + " " + r_.pick(kLast);

      // first and last day of the customer's own activity, visits and purchases by archetype
      std::int64_t first = 0, last = 0, visits = 1;
      double buy = 0;
      switch (p.arch) {
        case Loyal: first = r_.range(0, span - 200); last = r_.range(span - 20, span - 4); visits = r_.range(6, 12); buy = 0.95; break;
        case Vip: first = r_.range(span - 400, span - 60); last = r_.range(span - 60, span - 4); visits = r_.range(4, 8); buy = 1; break;
        case Regular: first = r_.range(0, span - 30); last = r_.range(std::max(first, span - 85), span - 4); visits = r_.range(1, 5); buy = 0.6; break;
        case Lapsed: first = r_.range(0, span - 220); last = r_.range(first, span - 110); visits = r_.range(1, 3); buy = 0.4; break;
        case NewCustomer: first = r_.range(span - 28, span - 4); last = first; visits = 1; buy = 0.4; break;
        case Browser: first = r_.range(0, span - 4); last = first; visits = r_.range(1, 2); buy = 0; break;
        default: break;
      }
      for (std::int64_t v = 0; v < visits; ++v) {
        std::int64_t day = visits == 1 ? first : first + (last - first) * v / (visits - 1);
        bool purchase = r_.chance(buy);
        visit(p, day, purchase, v == 0);
        if (p.arch == Vip && purchase) {  // VIPs add a premium package on top
          std::int64_t extra = r_.range(2, 6) * 25000;
          add(p, p.ev.back().minute + r_.range(60, 300), true, payment_text(p, "premium "), amount_cell(r_, extra),
              extra * 100);
        }
      }
      if (r_.chance(0.07)) complaint(p, first + r_.range(0, std::max<std::int64_t>(0, last - first)));
      outreach(p, first, last);
      finish_person(p);
    }
    // one customer at TZS 1.96 billion: a premium bride whose 1,950,000,000 is a typing error
    Person& whale = people_[o_.customers / 3];
    whale.arch = Vip;
    whale.ev.clear();
    std::int64_t day = span - 40;
    visit(whale, day - 1, false, true);
    for (int k = 0; k < 4; ++k)
      add(whale, kStartMin + (day + k * 7) * kDay + 12 * 60 + k, true, payment_text(whale, "bridal "), "TZS 2,500,000",
          250000000);
    add(whale, kStartMin + (day + 30) * kDay + 11 * 60, true, payment_text(whale, "bridal "), "1,950,000,000",
        195000000000);
    finish_person(whale);
  }

  // Monthly campaigns: the shop writes to customers it knows; engaged customers reply.
  void outreach(Person& p, std::int64_t first, std::int64_t last) {
    const double reply = p.arch == Loyal ? 0.9 : p.arch == Vip ? 0.6 : p.arch == Regular ? 0.35 : 0.2;
    static const char* const kSw[] = {"Habari {name}! Ofa ya wiki hii: punguzo la 10% kwa {service}.",
                                      "Habari {name}, karibu tena! Tuna nafasi Jumamosi hii kwa {service}."};
    static const char* const kEn[] = {"Hi {name}! This week's offer: 10% off {service}.",
                                      "Hi {name}, we have free slots this Saturday for {service}."};
    const Service& s = kServices[p.service];
    for (std::int64_t day = 14; day < (kEndMin - kStartMin) / kDay; day += 30) {
      if (day < first || day > last + 120 || !r_.chance(0.55)) continue;
      std::int64_t t = kStartMin + day * kDay + 10 * 60 + r_.range(0, 59);
      bool sw = p.lang == Sw;
      add(p, t, false, fill(sw ? r_.pick(kSw) : r_.pick(kEn), p, sw ? s.sw : s.en));
      if (day <= last && r_.chance(reply)) {
        // most replies within two days; some come too late to count as answers
        std::int64_t after = r_.chance(0.85) ? r_.range(5, 40 * 60) : r_.range(50 * 60, 90 * 60);
        if ((t + after - kStartMin) / kDay > last) continue;
        static const char* const kYesSw[] = {"Asante, nitakuja", "Sawa, nitapita wiki hii", "Asante sana kwa ofa"};
        static const char* const kYesEn[] = {"Thanks, I will come", "Thank you for the offer", "Ok thanks, see you"};
        add(p, t + after, true, p.lang == Sw ? r_.pick(kYesSw) : p.lang == En ? r_.pick(kYesEn) : "\xE8\xB0\xA2\xE8\xB0\xA2");  // 谢谢
      }
    }
  }

  // Time order, and at most one message per customer per minute (so no two real messages can
  // look like a duplicate).
  static void finish_person(Person& p) {
    std::stable_sort(p.ev.begin(), p.ev.end(), [](const TrueEvent& a, const TrueEvent& b) { return a.minute < b.minute; });
    for (std::size_t k = 1; k < p.ev.size(); ++k)
      if (p.ev[k].minute <= p.ev[k - 1].minute) p.ev[k].minute = p.ev[k - 1].minute + 1;
  }

  // Amounts typed badly: the row stays a message, the purchase is lost (and reported).
  void garble_amounts() {
    static const char* const kBad[] = {"15O,000", "elfu hamsini", "TZS ?", "1,50,000", "45.000.00"};
    std::size_t done = 0, target = o_.customers / 140;
    for (std::size_t guard = 0; done < target && guard < o_.customers * 10; ++guard) {
      Person& p = people_[r_.next() % people_.size()];
      for (auto& e : p.ev)
        if (!e.amount.empty() && !e.unparseable && e.counted < 100000000) {
          e.amount = r_.pick(kBad);
          e.counted = 0;
          e.unparseable = true;
          ++done;
          break;
        }
    }
  }

  Json compute_truth() {
    // `now` as the analysis takes it by default: the latest message
    std::int64_t latest = 0;
    for (const auto& p : people_)
      for (const auto& e : p.ev) latest = std::max(latest, e.minute);
    const Millis now_ms = latest * kMinuteMs;
    Json segments = {{"high_value", 0}, {"inactive", 0}, {"new", 0}, {"complaint", 0}, {"loyal", 0}};
    Json languages = {{"sw", 0}, {"en", 0}, {"zh", 0}}, cities = Json::object();
    std::int64_t customers = 0, messages = 0, purchases = 0, foreign = 0;
    Money revenue = 0;
    for (const auto& p : people_) {
      std::int64_t first = -1, last = -1, buys = 0;
      Money spent = 0;
      bool complained = false;
      detail::ReplyTracker replies;
      for (const auto& e : p.ev) {
        ++messages;
        replies.step(e.inbound, static_cast<std::uint32_t>(e.minute), 48 * 60);
        if (e.inbound || e.counted) {
          if (first < 0) first = e.minute;
          last = e.minute;
        }
        if (e.counted) {
          ++buys;
          spent += e.counted;
        }
        complained |= e.complaint;
        foreign += e.foreign;
      }
      if (first < 0) continue;
      ++customers;
      purchases += buys;
      revenue += spent;
      double recency = static_cast<double>(now_ms - last * kMinuteMs) / 86400000.0;
      double age = static_cast<double>(now_ms - first * kMinuteMs) / 86400000.0;
      double loyalty = loyalty_score(buys, static_cast<double>(last - first) / 1440.0, recency);
      double engagement = engagement_score(replies.answered, replies.outreach);
      auto bump = [](Json& j, const std::string& k) { j[k] = j.value(k, 0) + 1; };
      if (spent >= 10000000) bump(segments, "high_value");
      if (recency >= 90) bump(segments, "inactive");
      if (std::floor(age) <= 30) bump(segments, "new");
      if (complained) bump(segments, "complaint");
      if (loyalty >= 0.7 && engagement >= 0.6) bump(segments, "loyal");
      bump(languages, p.lang == Sw ? "sw" : p.lang == En ? "en" : "zh");
      bump(cities, p.mentions_city ? kCities[p.city].name : "unknown");
    }
    const Person& whale = people_[o_.customers / 3];
    return {{"seed", o_.seed},
            {"options", {{"utcOffset", "+03:00"}}},
            {"now", now_ms},
            {"customers", customers},
            {"messages", messages},
            {"purchases", purchases},
            {"revenue", revenue},
            {"segments", segments},
            {"languages", languages},
            {"cities", cities},
            {"quality", {{"outliers", {whale.id}}, {"foreignCurrency", foreign}}}};
  }

  // The export: rows in time order with every fault placed and its line recorded.
  std::string write(Json& truth) {
    struct Row {
      std::int64_t minute;
      std::size_t person, index;
    };
    std::vector<Row> rows;
    for (std::size_t i = 0; i < people_.size(); ++i)
      for (std::size_t k = 0; k < people_[i].ev.size(); ++k) rows.push_back({people_[i].ev[k].minute, i, k});
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return a.minute != b.minute ? a.minute < b.minute : a.person != b.person ? a.person < b.person : a.index < b.index;
    });

    std::string out = "customer_id,timestamp,direction,text,amount,name\r\n";
    std::uint32_t line = 2;
    Json bad_lines = Json::array(), bad_codes = Json::array(), dup_lines = Json::array(), skew_lines = Json::array(),
         amount_lines = Json::array();
    auto field = [](const std::string& v) {
      if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
      std::string q = "\"";
      for (char c : v) {
        if (c == '"') q += '"';
        q += c;
      }
      return q + "\"";
    };
    std::int64_t records = 0;
    auto emit = [&](const std::string& text_row) {
      std::uint32_t at = line;
      ++records;
      out += text_row;
      out += "\r\n";
      line += 1 + static_cast<std::uint32_t>(std::count(text_row.begin(), text_row.end(), '\n'));
      return at;
    };
    auto stamp = [&](std::int64_t minute, int format) {
      detail::Civil d = detail::civil_from_days((minute + kEat) / kDay);
      int hh = static_cast<int>((minute + kEat) % kDay / 60), mm = static_cast<int>((minute + kEat) % 60);
      char buf[40];
      if (format == 0)
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:00+03:00", d.year, d.month, d.day, hh, mm);
      else if (format == 1)
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:00", d.year, d.month, d.day, hh, mm);
      else
        std::snprintf(buf, sizeof buf, "%02u/%02u/%04d %02d:%02d", d.day, d.month, d.year, hh, mm);
      return std::string(buf);
    };
    auto row_text = [&](const Person& p, const TrueEvent& e) {
      double f = r_.uniform();
      return field(p.id) + "," + stamp(e.minute, f < 0.6 ? 0 : f < 0.85 ? 1 : 2) + "," + (e.inbound ? "in" : "out") + "," +
             field(e.text) + "," + field(e.amount) + "," + (e.inbound ? field(p.name) : "");
    };

    // faults spread over the file: duplicates, clock-skewed rows, unreadable rows
    const std::size_t n_dup = o_.customers / 110, n_skew = 12, n_bad = 20;
    std::vector<std::size_t> dup_at, skew_at, bad_at;
    for (std::size_t k = 0; k < n_dup; ++k) dup_at.push_back(r_.next() % rows.size());
    for (std::size_t k = 0; k < n_skew; ++k) skew_at.push_back(r_.next() % rows.size());
    for (std::size_t k = 0; k < n_bad; ++k) bad_at.push_back(r_.next() % rows.size());
    std::string pending_dup;  // written a few rows later, as re-sent exports interleave
    std::size_t pending_in = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Person& p = people_[rows[i].person];
      const TrueEvent& e = p.ev[rows[i].index];
      std::string text = row_text(p, e);
      std::uint32_t at = emit(text);
      if (e.unparseable) amount_lines.push_back(at);
      if (!pending_dup.empty() && --pending_in == 0) {
        dup_lines.push_back(emit(pending_dup));
        pending_dup.clear();
      }
      for (std::size_t d : dup_at)
        if (d == i && !e.unparseable && pending_dup.empty()) {
          if (r_.chance(0.5)) {
            dup_lines.push_back(emit(text));
          } else {
            pending_dup = text;
            pending_in = static_cast<std::size_t>(r_.range(1, 5));
          }
        }
      for (std::size_t s : skew_at)
        if (s == i) {
          // a phone clock years off: 2031 or 2001
          std::int64_t off = (r_.chance(0.5) ? 7 : -23) * 365 * kDay;
          skew_lines.push_back(emit(field(p.id) + "," + stamp(e.minute + off, 0) + ",in,Habari,,"));
        }
      for (std::size_t b = 0; b < bad_at.size(); ++b)
        if (bad_at[b] == i) {
          static const char* const kCodes[] = {"PK_ANALYTICS_CUSTOMER_ID", "PK_ANALYTICS_TIMESTAMP",
                                               "PK_ANALYTICS_DIRECTION", "PK_CSV_FIELD_COUNT"};
          int kind = static_cast<int>(b % 4);
          std::string ts = stamp(e.minute, 1);
          std::string bad = kind == 0   ? "," + ts + ",in,Habari,,"
                            : kind == 1 ? field(p.id) + "," + r_.pick({"31/02/2025 10:00", "N/A", "2025-13-01 10:00:00", "jana"}) + ",in,Habari,,"
                            : kind == 2 ? field(p.id) + "," + ts + "," + r_.pick({"?", "inn", "both"}) + ",Habari,,"
                                        : field(p.id) + "," + ts;
          bad_lines.push_back(emit(bad));
          bad_codes.push_back(kCodes[kind]);
        }
    }
    if (!pending_dup.empty()) dup_lines.push_back(emit(pending_dup));
    truth["rows"] = records;
    Json& q = truth["quality"];
    q["badRows"] = {{"count", bad_lines.size()}, {"lines", bad_lines}, {"codes", bad_codes}};
    q["duplicates"] = {{"count", dup_lines.size()}, {"lines", dup_lines}};
    q["clockSkew"] = {{"count", skew_lines.size()}, {"lines", skew_lines}};
    q["unparseableAmounts"] = {{"count", amount_lines.size()}, {"lines", amount_lines}};
    return out;
  }

  DemoOptions o_;
  Rng r_;
  std::vector<Person> people_;
};

}  // namespace

DemoData generate_demo(const DemoOptions& options) {
  if (options.customers < 10 || options.customers > 10000000)
    throw Error(ErrorCode::PK_INVALID_ARGUMENT, "customers must be between 10 and 10,000,000");
  return Generator(options).run();
}

}  // namespace promokit::analytics
