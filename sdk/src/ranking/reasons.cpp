// The reasons a shopper sees next to a recommendation (docs/personalization.md §9): short,
// localized (English, Chinese), and each one true of the offer and the shopper at `now`.
#include <cmath>
#include <cstdio>

#include "internal.hpp"

namespace promokit::ranking::detail {

namespace {

constexpr double kLikeThreshold = 0.25;  // affinity of about one click
constexpr Millis kDayMs = 86400000;

struct Builtin {
  const char* key;
  const char* zh;
};
// Chinese names of common categories and tiers; anything else shows its label or its id.
constexpr Builtin kBuiltinZh[] = {
    {"fashion", "时尚"},   {"food", "美食"},     {"dining", "餐饮"},   {"electronics", "数码"}, {"beauty", "美妆"},
    {"home", "家居"},      {"sports", "运动"},   {"kids", "亲子"},     {"books", "图书"},       {"grocery", "生鲜"},
    {"jewelry", "珠宝"},   {"shoes", "鞋履"},    {"coffee", "咖啡"},   {"travel", "旅行"},      {"health", "健康"},
    {"pets", "宠物"},      {"entertainment", "娱乐"}, {"cinema", "电影"}, {"gold", "金卡"},     {"silver", "银卡"},
    {"platinum", "白金卡"}, {"diamond", "钻石卡"}, {"bronze", "铜卡"}};

std::string label(const Model& m, std::string_view key, bool zh) {
  auto it = m.config.labels.find(std::string(key));
  if (it != m.config.labels.end()) {
    const I18nText& t = it->second;
    for (const char* loc : {zh ? "zh" : "en", ""})
      if (auto f = t.find(loc); f != t.end()) return f->second;
    if (!t.empty()) return t.begin()->second;
  }
  if (zh) {
    for (const auto& b : kBuiltinZh)
      if (key == b.key) return b.zh;
    return std::string(key);
  }
  std::string s(key);
  for (char& ch : s)
    if (ch == '_' || ch == '-') ch = ' ';
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string number(double v) {  // 8.5 -> "8.5", 8 -> "8"
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string reward_text(const Reward& r, bool zh) {
  switch (r.type) {
    case RewardType::Percent: {
      double pct = r.percent_bp / 100.0;
      return zh ? number((100 - pct) / 10) + "折" : number(pct) + "% off";
    }
    case RewardType::Fixed: return zh ? "立减优惠" : "Money off";
    case RewardType::FreeGift: return zh ? "赠品" : "Free gift";
    case RewardType::BuyXGetY:
      if (r.percent_bp >= 10000)
        return zh ? "买" + std::to_string(r.buy) + "送" + std::to_string(r.get) : "Buy " + std::to_string(r.buy) + " get " + std::to_string(r.get) + " free";
      return zh ? "买" + std::to_string(r.buy) + "件享优惠" : "Buy " + std::to_string(r.buy) + ", save on " + std::to_string(r.get);
    case RewardType::BonusPoints: return zh ? "额外积分" : "Bonus points";
    case RewardType::PointsMultiplier: return zh ? "积分加倍" : "Extra points";
  }
  return zh ? "优惠" : "Offer";
}

const char* daypart_text(std::string_view d, bool zh) {
  if (d == "morning") return zh ? "早间推荐" : "Morning pick";
  if (d == "lunch") return zh ? "午餐时段推荐" : "Lunch-time pick";
  if (d == "afternoon") return zh ? "午后推荐" : "Afternoon pick";
  if (d == "evening") return zh ? "晚间推荐" : "Evening pick";
  return zh ? "深夜推荐" : "Late-night pick";
}

const char* promo_text(std::string_view p, bool zh) {
  if (p == "percent") return zh ? "折扣" : "percentage discounts";
  if (p == "fixed") return zh ? "满减" : "money-off deals";
  if (p == "free_gift") return zh ? "赠品" : "free gifts";
  if (p == "bogo") return zh ? "买赠" : "buy-one-get-one deals";
  return zh ? "积分" : "points rewards";
}

bool same_local_day(Millis a, Millis b, std::string_view zone) {
  LocalTime x = local_time(a, zone), y = local_time(b, zone);
  return x.year == y.year && x.month == y.month && x.day == y.day;
}

}  // namespace

std::vector<Reason> reasons_for(const ReasonInput& in) {
  const bool zh = in.zh;
  const Offer& offer = in.offer;
  const Shopper& s = in.shopper;
  std::vector<Reason> out;
  auto add = [&](const char* code, std::string text) {
    if (out.size() < 3) out.push_back(Reason{code, std::move(text)});
  };
  std::string_view zone = s.zone.empty() ? std::string_view("UTC") : std::string_view(s.zone);

  if (in.components.pinned || offer.boost > 0) add("featured", zh ? "精选推荐" : "Featured");
  auto [interest, at] = best_interest(s, in.prepared);
  std::string_view liked;
  if (at >= 0 && interest >= kLikeThreshold) {
    liked = in.prepared.token_names[static_cast<std::size_t>(at)];
  } else {
    for (std::size_t i = 0; i < in.prepared.tokens.size() && liked.empty(); ++i)
      if (std::find(s.declared.begin(), s.declared.end(), in.prepared.tokens[i]) != s.declared.end()) liked = in.prepared.token_names[i];
  }
  if (!liked.empty()) add("interest", zh ? "因为你喜欢" + label(in.model, liked, true) : "Because you like " + label(in.model, liked, false));
  if (!s.tier_name.empty()) {
    for (const std::string& suffix : {std::string("_members"), std::string("_only"), std::string("_exclusive")}) {
      if (std::find(offer.tags.begin(), offer.tags.end(), s.tier_name + suffix) == offer.tags.end()) continue;
      add("tier", zh ? label(in.model, s.tier_name, true) + "会员专享" : label(in.model, s.tier_name, false) + " member exclusive");
      break;
    }
  }
  if (offer.validity.end && *offer.validity.end > s.now) {
    Millis end = *offer.validity.end;
    if (same_local_day(end - 1, s.now, zone)) {
      add("ends_today", zh ? "今天截止" : "Ends today");
    } else if (end - s.now <= 3 * kDayMs) {
      int days = static_cast<int>((end - s.now + kDayMs - 1) / kDayMs);
      add("ends_soon", zh ? std::to_string(days) + "天后截止" : "Ends in " + std::to_string(days) + " days");
    }
  }
  if (in.daypart_boosted) add("daypart", daypart_text(s.daypart_name, zh));
  if (s.brand.get(in.prepared.brand) >= kLikeThreshold)
    add("brand", zh ? "来自你喜欢的品牌" + label(in.model, offer.brand, true) : "From " + label(in.model, offer.brand, false) + ", a brand you like");
  if (in.at_mall) {
    if (in.prepared.popular) {
      add("mall_popular", zh ? "你常去商场的热门优惠" : "Popular at your mall");
    } else {
      add("mall", zh ? "你常去的商场可用" : "At your mall");
    }
  } else if (in.prepared.popular) {
    add("popular", zh ? "人气优惠" : "Popular");
  }
  if (offer.validity.start && *offer.validity.start <= s.now && s.now - *offer.validity.start < 7 * kDayMs)
    add("new", zh ? "本周新上" : "New this week");
  if (s.promo.get(in.prepared.promo) >= kLikeThreshold)
    add("promo_type", zh ? std::string("你常用") + promo_text(in.prepared.promo_name, true) + "优惠"
                         : std::string("You like ") + promo_text(in.prepared.promo_name, false));
  if (out.empty()) add("reward", reward_text(offer.reward, zh));
  return out;
}

}  // namespace promokit::ranking::detail
