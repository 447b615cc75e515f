// The campaign plan: per segment an action, an offer, a sw/en message template with
// personalization fields, a send window and an expected response range; and per customer the
// offer of their first segment in priority order with the message rendered in their language.
#include <cmath>

#include "internal.hpp"
#include "json/text.hpp"

namespace promokit::analytics::detail {

namespace {

struct Play {
  const char* action;
  const char* offer_id;
  const char* offer_type;
  int percent;
  const char* offer;
  const char* window;
  const char* days;
  const char* from;
  const char* to;
  const char* sw;
  const char* en;
  // A campaign reply is rarer than a chat reply: the expected response is the segment's
  // historical reply rate times this factor (docs/analytics.md, "Expected response").
  double factor;
};

// Indexed by Segment.
const Play kPlays[kSegmentCount] = {
    {"VIP appreciation: a premium-service offer", "vip-20", "percent", 20, "20% off premium services",
     "business hours", "mon-fri", "09:00", "17:00",
     "Habari {name}! Asante kwa kuwa mteja wetu wa VIP (umetumia {spend}). Wiki hii pata punguzo la {percent}% kwenye "
     "huduma za premium kama {service}, tawi la {location}.",
     "Hi {name}! Thank you for being a VIP customer ({spend} so far). This week enjoy {percent}% off premium services "
     "like {service} at our {location} branch.",
     0.5},
    {"Win-back", "winback-30", "percent", 30, "30% off the next visit, valid 14 days", "evenings", "mon-sun", "18:00",
     "21:00",
     "Habari {name}, tumekukumbuka! Rudi upate punguzo la {percent}% kwenye {service}. Ofa inadumu siku 14.",
     "Hi {name}, we miss you! Come back for {percent}% off {service}. The offer is valid for 14 days.", 0.25},
    {"Welcome", "welcome-15", "percent", 15, "15% off the first service", "right after first contact (within 1 hour)",
     "mon-sun", "08:00", "20:00",
     "Karibu {name}! Asante kwa kuwasiliana nasi. Pata punguzo la {percent}% kwenye huduma yako ya kwanza ya {service}.",
     "Welcome {name}! Thanks for reaching out. Enjoy {percent}% off your first {service}.", 0.5},
    {"Service recovery", "recovery-25", "percent", 25, "25% off the next visit, with an apology",
     "within 24 hours of the complaint's resolution", "mon-sun", "09:00", "19:00",
     "Pole sana {name} kwa usumbufu uliopata. Tumeshughulikia tatizo lako; tafadhali pokea punguzo la {percent}% "
     "kwenye huduma yako ijayo.",
     "We are sorry, {name}, for the trouble you had. We have resolved it; please accept {percent}% off your next "
     "visit.",
     0.6},
    {"Loyalty referral rewards", "referral-10", "referral", 10,
     "referral reward: 10% off for the customer and for each friend they bring", "weekend mornings", "sat-sun",
     "10:00", "13:00",
     "{name}, wewe ni mmoja wa wateja wetu waaminifu! Mlete rafiki: nyote wawili mpate punguzo la {percent}% kwenye "
     "{service}.",
     "{name}, you are one of our most loyal customers! Bring a friend and you both get {percent}% off {service}.",
     0.5},
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

}  // namespace

std::pair<double, double> wilson(std::int64_t k, std::int64_t n, double z) {
  if (n <= 0) return {0, 0};
  double p = static_cast<double>(k) / static_cast<double>(n), nn = static_cast<double>(n);
  double denom = 1 + z * z / nn;
  double centre = (p + z * z / (2 * nn)) / denom;
  double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Json campaign_plan(const Analysis& a) {
  const Options& o = *a.options;
  // the most mentioned city overall: the branch named when a customer never mentioned one
  std::vector<std::int64_t> city_counts(a.locations.names.size(), 0);
  for (const auto& c : a.customers)
    if (!c.locations.empty()) ++city_counts[static_cast<std::size_t>(c.locations[0].first)];
  std::string main_city;
  std::int64_t best = 0;
  for (std::size_t i = 0; i < city_counts.size(); ++i)
    if (city_counts[i] > best) {
      best = city_counts[i];
      main_city = a.locations.names[i];
    }

  Json plan = Json::array();
  for (int s = 0; s < kSegmentCount; ++s) {
    const Play& p = kPlays[s];
    std::int64_t audience = 0, outreach = 0, answered = 0;
    Json languages = {{"sw", 0}, {"en", 0}, {"zh", 0}};
    for (const auto& c : a.customers)
      if (in_segment(c, Segment(s))) {
        ++audience;
        outreach += c.outreach;
        answered += c.answered;
        languages[c.language] = languages[c.language].get<std::int64_t>() + 1;
      }
    auto [lo, hi] = wilson(answered, outreach, 1.96);
    Json entry = {{"segment", kSegmentNames[s]},
                  {"audience", audience},
                  {"action", p.action},
                  {"offer", {{"id", p.offer_id}, {"type", p.offer_type}, {"percent", p.percent}, {"description", p.offer}}},
                  {"templates", {{"sw", p.sw}, {"en", p.en}}},
                  {"fields", {"name", "spend", "service", "location", "percent"}},
                  {"sendWindow", {{"description", p.window}, {"days", p.days}, {"from", p.from}, {"to", p.to}}},
                  {"expectedResponse",
                   {{"low", std::round(lo * p.factor * 1000) / 1000},
                    {"high", std::round(hi * p.factor * 1000) / 1000},
                    {"basis", "95% interval of the segment's reply rate to outreach (" + std::to_string(answered) +
                                  " of " + std::to_string(outreach) + ") x " + Json(p.factor).dump()}}},
                  {"languages", languages},
                  {"defaultLocation", main_city}};
    if (o.campaign.is_object() && o.campaign.contains(kSegmentNames[s])) {
      const Json& ov = o.campaign[kSegmentNames[s]];
      if (ov.contains("action")) entry["action"] = ov["action"];
      if (ov.contains("percent")) entry["offer"]["percent"] = ov["percent"];
      if (ov.contains("offer")) entry["offer"]["description"] = ov["offer"];
      if (ov.contains("sendWindow")) entry["sendWindow"]["description"] = ov["sendWindow"];
      if (ov.contains("templates"))
        for (auto it = ov["templates"].begin(); it != ov["templates"].end(); ++it) entry["templates"][it.key()] = it.value();
    }
    plan.push_back(entry);
  }
  return plan;
}

std::vector<OfferTexts> offer_texts(const Json& plan) {
  std::vector<OfferTexts> out;
  for (const auto& entry : plan)
    out.push_back({entry["segment"].get<std::string>(), entry["offer"]["id"].dump(), entry["offer"]["percent"].dump(),
                   entry["templates"]["sw"].get<std::string>(), entry["templates"]["en"].get<std::string>(),
                   entry["defaultLocation"].get<std::string>()});
  return out;
}

bool put_customer_offer(std::string& out, const Analysis& a, const CustomerMetrics& c, const std::vector<OfferTexts>& offers) {
  Segment s = offer_segment(c);
  if (s == kSegmentCount) return false;
  const OfferTexts& entry = offers[static_cast<std::size_t>(s)];
  const auto& acc = (*a.accs)[c.acc];
  bool sw = c.language == "sw";
  std::string_view name = !acc.name.empty() ? std::string_view(acc.name) : sw ? "mteja wetu" : "valued customer";
  std::string_view service = !c.services.empty() ? std::string_view(a.services.names[static_cast<std::size_t>(c.services[0].first)])
                             : sw                ? "huduma zetu"
                                                 : "our services";
  std::string_view location = !c.locations.empty()
                                  ? std::string_view(a.locations.names[static_cast<std::size_t>(c.locations[0].first)])
                                  : std::string_view(entry.default_location);
  // one after the other, as a reader of the template would expect ("{name}" first)
  std::string text = replace_all(sw ? entry.sw : entry.en, "{name}", name);
  text = replace_all(std::move(text), "{spend}", format_money(c.spent, a.options->currency));
  text = replace_all(std::move(text), "{service}", service);
  text = replace_all(std::move(text), "{location}", location);
  text = replace_all(std::move(text), "{percent}", entry.percent);
  // members in nlohmann's (sorted) order
  out += sw ? "{\"language\":\"sw\",\"message\":" : "{\"language\":\"en\",\"message\":";
  json_text::put_string(out, text);
  out += ",\"offerId\":";
  out += entry.offer_id;
  out += ",\"percent\":";
  out += entry.percent;
  out += ",\"segment\":";
  json_text::put_string(out, entry.segment);
  out += '}';
  return true;
}

}  // namespace promokit::analytics::detail
