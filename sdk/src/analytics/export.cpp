// Exports of a finished report: CSV for spreadsheets and imports, and a standalone HTML page
// whose charts are inline SVG drawn here (no scripts, no network).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "internal.hpp"

namespace promokit::analytics {

namespace {

// RFC 4180 quoting; text that a spreadsheet would run as a formula gets a leading apostrophe.
std::string csv_field(const std::string& v, bool text) {
  std::string s = v;
  if (text && !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) s = "'" + s;
  if (s.find_first_of(",\"\r\n") == std::string::npos && (s.empty() || (s.front() != ' ' && s.back() != ' '))) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Numbers as JavaScript writes them (an integral double without ".0"): a report that went
// through JSON.parse exports the same bytes as the native one.
std::string str(const Json& j) {
  if (j.is_null()) return "";
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_float()) {
    double v = j.get<double>();
    if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9.0e15) return Json(static_cast<std::int64_t>(v)).dump();
  }
  return j.dump();
}

std::string html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100);
  return buf;
}

const char* const kPalette[] = {"#2f6f8f", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#30638e"};

// Horizontal bars: one row per (label, value), the value printed at the bar's end.
std::string svg_bars(const std::vector<std::pair<std::string, double>>& rows, const std::string& unit = "") {
  double max = 0;
  for (const auto& r : rows) max = std::max(max, r.second);
  const int row_h = 24, label_w = 170, bar_w = 420, width = label_w + bar_w + 90;
  int height = static_cast<int>(rows.size()) * row_h + 10;
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) +
                  "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(height) + "\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    int y = static_cast<int>(i) * row_h + 5;
    double w = max > 0 ? rows[i].second / max * bar_w : 0;
    s += "<text x=\"" + std::to_string(label_w - 8) + "\" y=\"" + std::to_string(y + 15) +
         "\" text-anchor=\"end\" font-size=\"12\">" + html(rows[i].first) + "</text>";
    s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y) + "\" width=\"" + num(w) +
         "\" height=\"" + std::to_string(row_h - 6) + "\" fill=\"" + kPalette[i % 7] + "\"><title>" +
         html(rows[i].first) + ": " + html(num(rows[i].second)) + "</title></rect>";
    char value[48];
    std::snprintf(value, sizeof value, "%.0f", rows[i].second);
    s += "<text x=\"" + num(label_w + w + 6) + "\" y=\"" + std::to_string(y + 15) + "\" font-size=\"12\">" + value +
         html(unit) + "</text>";
  }
  return s + "</svg>";
}

// Columns over time or hours; every k-th label printed so they do not overlap.
std::string svg_columns(const std::vector<std::pair<std::string, double>>& cols, const char* color) {
  double max = 0;
  for (const auto& c : cols) max = std::max(max, c.second);
  const int width = 680, height = 220, left = 50, bottom = 40, top = 10;
  double slot = cols.empty() ? 0 : static_cast<double>(width - left - 10) / static_cast<double>(cols.size());
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) +
                  "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " +
                  std::to_string(height) + "\">";
  int plot_h = height - bottom - top;
  s += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + plot_h) + "\" x2=\"" +
       std::to_string(width - 10) + "\" y2=\"" + std::to_string(top + plot_h) + "\" stroke=\"#999\"/>";
  char maxlabel[48];
  std::snprintf(maxlabel, sizeof maxlabel, "%.0f", max);
  s += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + std::to_string(top + 10) +
       "\" text-anchor=\"end\" font-size=\"11\">" + maxlabel + "</text>";
  std::size_t every = std::max<std::size_t>(1, cols.size() / 12);
  for (std::size_t i = 0; i < cols.size(); ++i) {
    double h = max > 0 ? cols[i].second / max * plot_h : 0;
    double x = left + slot * static_cast<double>(i);
    s += "<rect x=\"" + num(x + 1) + "\" y=\"" + num(top + plot_h - h) + "\" width=\"" + num(std::max(1.0, slot - 2)) +
         "\" height=\"" + num(h) + "\" fill=\"" + color + "\"><title>" + html(cols[i].first) + ": " +
         html(num(cols[i].second)) + "</title></rect>";
    if (i % every == 0)
      s += "<text x=\"" + num(x + slot / 2) + "\" y=\"" + std::to_string(height - bottom + 16) +
           "\" text-anchor=\"middle\" font-size=\"10\">" + html(cols[i].first) + "</text>";
  }
  return s + "</svg>";
}

std::vector<std::pair<std::string, double>> rows_of(const Json& histogram) {
  std::vector<std::pair<std::string, double>> rows;
  for (const auto& b : histogram) rows.emplace_back(b["label"].get<std::string>(), b["count"].get<double>());
  return rows;
}

std::vector<std::pair<std::string, double>> rows_of_object(const Json& counts) {
  std::vector<std::pair<std::string, double>> rows;
  for (auto it = counts.begin(); it != counts.end(); ++it) rows.emplace_back(it.key(), it.value().get<double>());
  std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second > b.second; });
  return rows;
}

}  // namespace

std::string report_to_csv(const Json& r) {
  std::string out =
      "customer_id,name,segments,recommended_offer,offer_percent,language,city,spent,spent_text,orders,"
      "recency_days,rfm,engagement,loyalty,complaints,messages_in,messages_out,message\r\n";
  if (!r.contains("customers")) return out;
  const std::string currency = r["currency"].get<std::string>();
  for (const auto& c : r["customers"]) {
    std::string segs;
    for (const auto& s : c["segments"]) segs += (segs.empty() ? "" : ";") + s.get<std::string>();
    const Json offer = c.value("offer", Json::object());
    std::vector<std::pair<std::string, bool>> fields = {
        {str(c["id"]), true},
        {str(c.value("name", Json())), true},
        {segs, false},
        {str(offer.value("offerId", Json())), false},
        {str(offer.value("percent", Json())), false},
        {str(c["locale"]), false},
        {str(c["city"]), false},
        {str(c["spent"]), false},
        {format_money(c["spent"].get<Money>(), currency), false},
        {str(c["orders"]), false},
        {str(c["recencyDays"]), false},
        {str(c["rfm"]), false},
        {str(c["scores"]["engagement"]), false},
        {str(c["scores"]["loyalty"]), false},
        {str(c["complaints"]), false},
        {str(c["messagesIn"]), false},
        {str(c["messagesOut"]), false},
        {str(offer.value("message", Json())), true}};
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i].first, fields[i].second);
    out += "\r\n";
  }
  return out;
}

std::string report_to_html(const Json& r) {
  const std::string currency = r["currency"].get<std::string>();
  const Json& sum = r["summary"];
  const Json& q = r["quality"];
  const Json& d = r["distributions"];
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Customer analytics report</title><style>"
      "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:980px;color:#222;"
      "padding:0 1rem}h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}"
      "table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #eee;padding:.35rem .5rem;"
      "text-align:left;vertical-align:top}th{background:#f6f6f6}.cards{display:flex;flex-wrap:wrap;gap:.8rem}"
      ".card{border:1px solid #ddd;border-radius:8px;padding:.7rem 1rem;min-width:130px}.card b{display:block;"
      "font-size:1.4rem}.warn{background:#fff4e5;border-left:4px solid #edae49;padding:.4rem .8rem;margin:.3rem 0}"
      "figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.4rem}.muted{color:#666;font-size:13px}"
      "</style></head><body>\n";
  h += "<h1>Customer analytics report</h1><p class=\"muted\">As of " + html(r["nowDate"].get<std::string>()) +
       " (now from " + html(q["now"]["source"].get<std::string>()) + ") &middot; " + html(r["generator"].get<std::string>()) +
       "</p>\n";
  h += "<div class=\"cards\">";
  auto card = [&](const std::string& label, const std::string& value) {
    h += "<div class=\"card\"><b>" + html(value) + "</b>" + html(label) + "</div>";
  };
  card("customers", str(sum["customers"]));
  card("messages", str(sum["messages"]));
  card("purchases", str(sum["purchases"]));
  card("revenue", format_money(sum["revenue"].get<Money>(), currency));
  card("revenue without outliers", format_money(sum["revenueExcludingOutliers"].get<Money>(), currency));
  h += "</div>\n";

  h += "<h2>Data quality</h2>";
  if (q["warnings"].empty()) h += "<p>No problems found.</p>";
  for (const auto& w : q["warnings"]) h += "<div class=\"warn\">" + html(w.get<std::string>()) + "</div>";
  h += "<table><tr><th>finding</th><th>count</th><th>first lines</th></tr>";
  for (const char* k : {"badRows", "unparseableAmounts", "duplicates", "clockSkew", "foreignCurrency"}) {
    std::string lines;
    for (const auto& e : q[k]["examples"]) lines += (lines.empty() ? "" : ", ") + e["line"].dump();
    h += "<tr><td>" + std::string(k) + "</td><td>" + q[k]["count"].dump() + "</td><td>" + html(lines) + "</td></tr>";
  }
  h += "</table>\n";

  h += "<h2>Segments</h2><figure><figcaption>Customers per segment</figcaption>";
  std::vector<std::pair<std::string, double>> seg_rows;
  for (const auto& s : r["segments"]) seg_rows.emplace_back(s["id"].get<std::string>(), s["count"].get<double>());
  h += svg_bars(seg_rows) + "</figure>";
  h += "<table><tr><th>segment</th><th>rule</th><th>customers</th><th>share</th><th>average spend</th>"
       "<th>top customers</th></tr>";
  for (const auto& s : r["segments"]) {
    std::string top;
    for (std::size_t i = 0; i < s["topCustomers"].size() && i < 3; ++i)
      top += (i ? ", " : "") + s["topCustomers"][i]["name"].get<std::string>() + " (" +
             format_money(s["topCustomers"][i]["spent"].get<Money>(), currency) + ")";
    h += "<tr><td>" + html(s["id"].get<std::string>()) + "</td><td><code>" + html(s["rule"].get<std::string>()) +
         "</code></td><td>" + s["count"].dump() + "</td><td>" + pct(s["share"].get<double>()) + "</td><td>" +
         html(format_money(s["averageSpent"].get<Money>(), currency)) + "</td><td>" + html(top) + "</td></tr>";
  }
  h += "</table>\n";

  h += "<h2>Customers</h2>";
  h += "<figure><figcaption>Total spend per customer</figcaption>" + svg_bars(rows_of(d["spent"])) + "</figure>";
  h += "<figure><figcaption>Days since last activity</figcaption>" + svg_bars(rows_of(d["recencyDays"])) + "</figure>";
  h += "<figure><figcaption>Engagement (share of outreach answered within the reply window)</figcaption>" +
       svg_bars(rows_of(d["engagement"])) + "</figure>";
  h += "<figure><figcaption>Loyalty score</figcaption>" + svg_bars(rows_of(d["loyalty"])) + "</figure>";
  h += "<figure><figcaption>Preferred language</figcaption>" + svg_bars(rows_of_object(d["languages"])) + "</figure>";
  h += "<figure><figcaption>City (most mentioned)</figcaption>" + svg_bars(rows_of_object(d["cities"])) + "</figure>";
  h += "<figure><figcaption>Services asked about</figcaption>" + svg_bars(rows_of_object(d["services"])) + "</figure>";

  h += "<h2>Activity</h2>";
  std::vector<std::pair<std::string, double>> msgs, revenue, hours;
  Money unit = detail::minor_per_major(currency);
  for (const auto& m : d["monthly"]) {
    msgs.emplace_back(m["month"].get<std::string>(), m["messagesIn"].get<double>() + m["messagesOut"].get<double>());
    revenue.emplace_back(m["month"].get<std::string>(), m["revenue"].get<double>() / static_cast<double>(unit));
  }
  for (std::size_t i = 0; i < d["inboundByHour"].size(); ++i)
    hours.emplace_back(std::to_string(i), d["inboundByHour"][i].get<double>());
  h += "<figure><figcaption>Messages per month</figcaption>" + svg_columns(msgs, kPalette[0]) + "</figure>";
  h += "<figure><figcaption>Revenue per month (" + html(currency) + ")</figcaption>" + svg_columns(revenue, kPalette[4]) +
       "</figure>";
  h += "<figure><figcaption>Customer messages by hour of day</figcaption>" + svg_columns(hours, kPalette[2]) +
       "</figure>\n";

  h += "<h2>Campaign plan</h2><table><tr><th>segment</th><th>audience</th><th>action and offer</th><th>send window</th>"
       "<th>expected response</th><th>message (sw / en)</th></tr>";
  for (const auto& p : r["campaign"]) {
    const Json& er = p["expectedResponse"];
    h += "<tr><td>" + html(p["segment"].get<std::string>()) + "</td><td>" + p["audience"].dump() + "</td><td>" +
         html(p["action"].get<std::string>()) + "<br><span class=\"muted\">" +
         html(p["offer"]["description"].get<std::string>()) + "</span></td><td>" +
         html(p["sendWindow"]["description"].get<std::string>()) + "<br><span class=\"muted\">" +
         html(p["sendWindow"]["days"].get<std::string>() + " " + p["sendWindow"]["from"].get<std::string>() + "-" +
              p["sendWindow"]["to"].get<std::string>()) +
         "</span></td><td>" + pct(er["low"].get<double>()) + " - " + pct(er["high"].get<double>()) + "</td><td>" +
         html(p["templates"]["sw"].get<std::string>()) + "<hr>" + html(p["templates"]["en"].get<std::string>()) +
         "</td></tr>";
  }
  h += "</table>\n";

  if (r.contains("experiment")) {
    const Json& e = r["experiment"];
    h += "<h2>Experiment " + html(e["id"].get<std::string>()) + "</h2><p>" + html(e["verdict"].get<std::string>()) +
         "</p><table><tr><th>arm</th><th>customers</th><th>response</th><th>conversion</th><th>revenue / customer</th>"
         "<th>retention of inactive</th></tr>";
    for (const auto& a : e["arms"]) {
      auto ci = [&](const Json& x) {
        return pct(x["value"].get<double>()) + " (" + pct(x["low"].get<double>()) + " - " + pct(x["high"].get<double>()) + ")";
      };
      h += "<tr><td>" + html(a["name"].get<std::string>()) + "</td><td>" + a["customers"].dump() + "</td><td>" +
           ci(a["responseRate"]) + "</td><td>" + ci(a["conversionRate"]) + "</td><td>" +
           html(format_money(a["revenuePerCustomer"]["value"].get<Money>(), currency)) + "</td><td>" +
           ci(a["retentionRate"]) + "</td></tr>";
    }
    h += "</table>\n";
  }
  h += "<p class=\"muted\">Generated on this machine; the data never left it. Formulas: docs/analytics.md.</p>"
       "</body></html>\n";
  return h;
}

}  // namespace promokit::analytics
