// The words on an offer card, in English and Chinese. Chinese follows shop usage: a discount
// is a fold (8折 = pay 80 %), spend-and-save is 满X减Y, buy-one-get-one is 买一送一.
#include <string>

#include "promokit/offers.hpp"

namespace promokit {

namespace {

struct CurrencyInfo {
  std::string_view code, symbol;
  int decimals;
};
constexpr CurrencyInfo kCurrencies[] = {
    {"CNY", "¥", 2},   {"USD", "$", 2},   {"EUR", "€", 2},   {"GBP", "£", 2},   {"JPY", "JP¥", 0}, {"KRW", "₩", 0},
    {"HKD", "HK$", 2}, {"TWD", "NT$", 2}, {"SGD", "S$", 2},  {"AUD", "A$", 2},  {"CAD", "CA$", 2}, {"MOP", "MOP$", 2},
};

CurrencyInfo currency_info(std::string_view code) {
  for (const auto& c : kCurrencies)
    if (c.code == code) return c;
  return {code, {}, 2};
}

// `value` / 10^decimals with trailing zeros (and a bare point) dropped: 1250,2 -> "12.5".
std::string decimal(std::int64_t value, int decimals) {
  bool negative = value < 0;
  std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  std::string out = (negative ? "-" : "") + std::to_string(v / scale);
  if (decimals <= 0) return out;  // JPY, KRW: no minor digits
  std::string frac = std::to_string(v % scale);
  frac = std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return frac.empty() ? out : out + "." + frac;
}

// Major units without a symbol (Chinese texts write 满200减30).
std::string plain(Money amount, std::string_view currency) { return decimal(amount, currency_info(currency).decimals); }

std::string percent(std::int32_t bp) { return decimal(bp, 2); }
// The fold a percentage off leaves: 20 % off -> "8", 12.5 % off -> "8.75".
std::string fold(std::int32_t bp) { return decimal(10000 - bp, 3); }

bool chinese(std::string_view locale) { return locale.substr(0, 2) == "zh"; }

std::string number_word_zh(std::int32_t n) {
  static const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  return n >= 0 && n <= 10 ? kDigits[n] : std::to_string(n);
}

}  // namespace

std::string format_money(Money amount, std::string_view currency) {
  CurrencyInfo c = currency_info(currency);
  std::string number = decimal(amount, c.decimals);
  if (c.decimals > 0 && number.find('.') != std::string::npos && number.size() - number.find('.') == 2) number += "0";
  if (c.symbol.empty()) return std::string(currency) + (currency.empty() ? "" : " ") + number;
  if (number[0] == '-') return "-" + std::string(c.symbol) + number.substr(1);
  return std::string(c.symbol) + number;
}

std::string localized(const I18nText& text, std::string_view locale) {
  if (text.empty()) return {};
  std::string lang(locale.substr(0, locale.find('-')));
  for (const std::string& key : {std::string(locale), lang, std::string("en"), std::string()})
    if (auto it = text.find(key); it != text.end()) return it->second;
  return text.begin()->second;
}

std::string discount_text(const Offer& o, std::string_view locale, std::string_view currency) {
  const Reward& r = o.reward;
  const bool zh = chinese(locale);
  const Money spend = o.conditions.min_spend;
  switch (r.type) {
    case RewardType::Percent:
      if (zh) return r.percent_bp == 10000 ? "免费" : (spend ? "满" + plain(spend, currency) + "享" : "") + fold(r.percent_bp) + "折";
      return percent(r.percent_bp) + "% off";
    case RewardType::Fixed:
      if (r.per == FixedPer::Item) return zh ? "每款减" + plain(r.amount, currency) + "元" : format_money(r.amount, currency) + " off each item";
      if (r.per == FixedPer::Unit) return zh ? "每件减" + plain(r.amount, currency) + "元" : format_money(r.amount, currency) + " off each";
      if (zh) return spend ? "满" + plain(spend, currency) + "减" + plain(r.amount, currency) : "立减" + plain(r.amount, currency) + "元";
      return format_money(r.amount, currency) + " off" + (spend ? " " + format_money(spend, currency) : "");
    case RewardType::BuyXGetY:
      if (r.percent_bp == 10000) {
        if (zh) return r.buy == 1 && r.get == 1 ? "买一送一" : "买" + std::to_string(r.buy) + "送" + std::to_string(r.get);
        return "Buy " + std::to_string(r.buy) + " get " + std::to_string(r.get) + " free";
      }
      if (zh) {
        if (r.get == 1) return "第" + std::to_string(r.buy + 1) + "件" + fold(r.percent_bp) + "折";
        return "买" + std::to_string(r.buy) + "件，另" + number_word_zh(r.get) + "件" + fold(r.percent_bp) + "折";
      }
      return "Buy " + std::to_string(r.buy) + " get " + std::to_string(r.get) + " at " + percent(r.percent_bp) + "% off";
    case RewardType::FreeGift:
      if (zh) return (spend ? "满" + plain(spend, currency) : std::string()) + "送赠品";
      return (r.quantity > 1 ? std::to_string(r.quantity) + " free gifts" : std::string("Free gift")) +
             (spend ? " with " + format_money(spend, currency) + "+" : "");
    case RewardType::BonusPoints: return zh ? "赠" + std::to_string(r.points) + "积分" : "+" + std::to_string(r.points) + " points";
    case RewardType::PointsMultiplier: return zh ? decimal(r.factor_pct, 2) + "倍积分" : decimal(r.factor_pct, 2) + "× points";
  }
  return {};
}

std::string conditions_text(const Offer& o, std::string_view locale, std::string_view currency) {
  const bool zh = chinese(locale);
  std::vector<std::string> parts;
  const Conditions& c = o.conditions;
  // 满X is already in the Chinese discount text of spend-and-save offers.
  bool spend_in_text = zh && (o.reward.type == RewardType::Percent || o.reward.type == RewardType::FreeGift ||
                              (o.reward.type == RewardType::Fixed && o.reward.per == FixedPer::Order));
  if (c.min_spend && !spend_in_text)
    parts.push_back(zh ? "满" + plain(c.min_spend, currency) + "元可用" : "Min. spend " + format_money(c.min_spend, currency));
  if (c.min_quantity > 1) parts.push_back(zh ? "至少" + std::to_string(c.min_quantity) + "件" : "Min. " + std::to_string(c.min_quantity) + " items");
  if (c.first_purchase) parts.push_back(zh ? "仅限首单" : "First purchase only");
  if (!c.stores.empty()) parts.push_back(zh ? "限指定门店" : "Selected stores");
  if (o.reward.max_discount) parts.push_back(zh ? "最高减" + plain(*o.reward.max_discount, currency) + "元" : "Up to " + format_money(*o.reward.max_discount, currency) + " off");
  if (o.reward.max_applications)
    parts.push_back(zh ? "每单限" + std::to_string(*o.reward.max_applications) + "次" : "Up to " + std::to_string(*o.reward.max_applications) + "× per order");
  if (o.points_cost) parts.push_back(zh ? "需" + std::to_string(o.points_cost) + "积分兑换" : "Costs " + std::to_string(o.points_cost) + " points");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

}  // namespace promokit
