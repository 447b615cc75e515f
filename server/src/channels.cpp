#include "channels.hpp"

#include <curl/curl.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "log.hpp"
#include "promokit/crypto.hpp"

namespace pkserver {
namespace {

// Cuts a UTF-8 string to at most n code points, ending in "…" when it was longer.
std::string cut_utf8(const std::string& s, std::size_t n) {
  std::size_t count = 0, i = 0, keep = 0;
  while (i < s.size()) {
    if (count == n - 1) keep = i;
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (++count > n) return s.substr(0, keep) + "\xE2\x80\xA6";
  }
  return s;
}

// obj[name] when it is a string, else "".
std::string string_at(const Json& obj, const char* name) {
  if (!obj.is_object()) return {};
  auto v = obj.find(name);
  return v != obj.end() && v->is_string() ? v->get<std::string>() : std::string();
}

std::string fill(const std::string& pattern, const Message& m) {
  std::map<std::string, std::string> values = {
      {"text", m.record.text},
      {"offer", m.offer_title},
      {"name", string_at(m.profile, "name")},
      {"date", m.local_date},
      {"time", m.local_time},
  };
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      auto close = pattern.find('}', i);
      if (close != std::string::npos) {
        auto it = values.find(pattern.substr(i + 1, close - i - 1));
        if (it != values.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string attribute(const Json& profile, const char* name) {
  auto a = profile.find("attributes");
  return a == profile.end() ? std::string() : string_at(*a, name);
}

// "https://api.weixin.qq.com/prefix" -> ("https://api.weixin.qq.com", "/prefix")
std::pair<std::string, std::string> split_base(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  if (slash == std::string::npos) return {url, ""};
  std::string prefix = url.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return {url.substr(0, slash), prefix};
}

class WeChatAdapter final : public ChannelAdapter {
 public:
  explicit WeChatAdapter(WeChatSettings s) : s_(std::move(s)) {
    std::tie(host_, prefix_) = split_base(s_.api);
  }

  bool carries(const std::string& template_id) const override { return s_.templates.count(template_id) > 0; }

  Delivery send(const Message& m) override {
    std::string openid = attribute(m.profile, "openid");
    if (openid.empty()) return {false, true, "the profile has no attributes.openid"};
    auto t = s_.templates.find(m.record.template_id);
    if (t == s_.templates.end()) return {false, true, "no WeChat template for " + m.record.template_id};
    Json data = Json::object();
    for (const auto& [key, pattern] : t->second.data) {
      std::string value = fill(pattern, m);
      if (key.rfind("thing", 0) == 0) value = cut_utf8(value, 20);
      else if (key.rfind("phrase", 0) == 0) value = cut_utf8(value, 5);
      data[key] = {{"value", value}};
    }
    Json body = {{"touser", openid}, {"template_id", t->second.template_id}, {"data", data},
                 {"miniprogram_state", s_.state}, {"lang", m.record.locale.rfind("zh", 0) == 0 ? "zh_CN" : "en_US"}};
    if (!t->second.page.empty()) body["page"] = t->second.page;
    // One retry with a fresh token when WeChat says the cached one is no longer valid.
    for (int round = 0; round < 2; ++round) {
      std::string token, error;
      if (!access_token(token, error)) return {false, false, error};
      Json answer;
      if (!call("POST", prefix_ + "/cgi-bin/message/subscribe/send?access_token=" + httplib::detail::encode_query_param(token),
                body.dump(), answer, error))
        return {false, false, error};
      int code = answer.value("errcode", 0);
      if (code == 0) return {true, false, ""};
      std::string what = "WeChat errcode " + std::to_string(code) + ": " + answer.value("errmsg", std::string());
      if (code == 40001 || code == 42001 || code == 40014) {
        forget_token(token);
        continue;
      }
      // 43101: the shopper did not subscribe (or used the subscription up); 40003: bad openid;
      // 47003: data does not fit the template; 40037: unknown template — retrying cannot help.
      bool permanent = code == 43101 || code == 40003 || code == 47003 || code == 40037;
      return {false, permanent, what};
    }
    return {false, false, "WeChat refused two fresh access tokens"};
  }

 private:
  bool call(const char* method, const std::string& path, const std::string& body, Json& answer, std::string& error) {
    httplib::Client client(host_);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    auto res = std::string(method) == "GET" ? client.Get(path.c_str()) : client.Post(path.c_str(), body, "application/json");
    if (!res) {
      error = "WeChat API unreachable: " + httplib::to_string(res.error());
      return false;
    }
    if (res->status != 200) {
      error = "WeChat API answered HTTP " + std::to_string(res->status);
      return false;
    }
    try {
      answer = promokit::parse_json(res->body);
    } catch (const std::exception&) {
      error = "WeChat API answered something other than JSON";
      return false;
    }
    if (!answer.is_object()) {
      error = "WeChat API answered something other than a JSON object";
      return false;
    }
    return true;
  }

  bool access_token(std::string& token, std::string& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (!token_.empty() && now < token_expiry_) {
      token = token_;
      return true;
    }
    Json answer;
    // The secret travels in the query string as WeChat's API asks; it is never logged.
    std::string path = prefix_ + "/cgi-bin/token?grant_type=client_credential&appid=" + httplib::detail::encode_query_param(s_.app_id) +
                       "&secret=" + httplib::detail::encode_query_param(s_.app_secret);
    if (!call("GET", path, "", answer, error)) return false;
    if (!answer.value("access_token", Json()).is_string()) {
      error = "WeChat token: errcode " + std::to_string(answer.value("errcode", 0)) + ": " + answer.value("errmsg", std::string());
      return false;
    }
    token_ = answer["access_token"].get<std::string>();
    // Refresh five minutes early (tokens live 7,200 s).
    long long lifetime = answer.value("expires_in", 7200);
    token_expiry_ = now + std::chrono::seconds(std::max(60LL, lifetime - 300));
    token = token_;
    return true;
  }
  void forget_token(const std::string& token) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (token_ == token) token_.clear();
  }

  WeChatSettings s_;
  std::string host_, prefix_;
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point token_expiry_;
};

std::string base64(std::string_view bytes) {
  std::string s = promokit::crypto::base64url_encode(bytes);
  for (char& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (s.size() % 4) s += '=';
  return s;
}

// The address inside "Name <addr>", or the whole string.
std::string address_of(const std::string& mailbox) {
  auto open = mailbox.rfind('<');
  auto close = mailbox.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) return mailbox.substr(open + 1, close - open - 1);
  return mailbox;
}

bool plain_address(const std::string& a) {
  auto at = a.find('@');
  return at != std::string::npos && at > 0 && at + 1 < a.size() && a.find_first_of(" <>\r\n\",;") == std::string::npos;
}

class SmtpAdapter final : public ChannelAdapter {
 public:
  explicit SmtpAdapter(SmtpSettings s) : s_(std::move(s)) {}

  Delivery send(const Message& m) override {
    std::string to = attribute(m.profile, "email");
    if (!plain_address(to)) return {false, true, to.empty() ? "the profile has no attributes.email" : "attributes.email is not an address"};
    std::string body = m.record.text;
    if (!m.offer_title.empty()) body += "\r\n\r\n" + m.offer_title;
    std::string mail = mime_message(s_.from, to, m.record.text, body, m.record.id + "@promokit", m.record.due_at);

    CURL* curl = curl_easy_init();
    if (!curl) return {false, false, "curl_easy_init failed"};
    struct Source {
      const std::string& data;
      std::size_t at = 0;
    } source{mail};
    auto read = +[](char* buf, std::size_t size, std::size_t n, void* user) -> std::size_t {
      auto* src = static_cast<Source*>(user);
      std::size_t len = std::min(size * n, src->data.size() - src->at);
      std::memcpy(buf, src->data.data() + src->at, len);
      src->at += len;
      return len;
    };
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    std::string from = "<" + address_of(s_.from) + ">";
    curl_easy_setopt(curl, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (!s_.user.empty()) {
      curl_easy_setopt(curl, CURLOPT_USERNAME, s_.user.c_str());
      curl_easy_setopt(curl, CURLOPT_PASSWORD, s_.password.c_str());
    }
    CURLcode rc = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return {true, false, ""};
    std::string what = std::string("SMTP: ") + curl_easy_strerror(rc) + (reply ? " (reply " + std::to_string(reply) + ")" : "");
    // 5xx to the recipient or the message is final (no such mailbox, rejected); 4xx and
    // connection trouble are worth another try.
    bool permanent = reply >= 500 && reply < 600 && rc != CURLE_LOGIN_DENIED;
    return {false, permanent, what};
  }

 private:
  SmtpSettings s_;
};

}  // namespace

std::map<std::string, WeChatTemplate> read_wechat_templates(const std::string& text) {
  Json doc;
  try {
    doc = promokit::parse_json(text);
  } catch (const promokit::Error& e) {
    throw std::invalid_argument("--wechat-templates: " + e.describe());
  }
  if (!doc.is_object()) throw std::invalid_argument("--wechat-templates: expected an object keyed by template id");
  std::map<std::string, WeChatTemplate> out;
  for (const auto& [id, t] : doc.items()) {
    std::string path = "--wechat-templates: " + id;
    if (!t.is_object() || !t.value("templateId", Json()).is_string())
      throw std::invalid_argument(path + ".templateId: expected the WeChat template id (a string)");
    WeChatTemplate w;
    w.template_id = t["templateId"].get<std::string>();
    if (auto p = t.find("page"); p != t.end()) {
      if (!p->is_string()) throw std::invalid_argument(path + ".page: expected a string");
      w.page = p->get<std::string>();
    }
    auto data = t.find("data");
    if (data == t.end() || !data->is_object() || data->empty())
      throw std::invalid_argument(path + ".data: expected an object of WeChat field keys (\"thing1\": \"{text}\")");
    for (const auto& [key, v] : data->items()) {
      if (!v.is_string()) throw std::invalid_argument(path + ".data." + key + ": expected a string");
      w.data[key] = v.get<std::string>();
    }
    out[id] = std::move(w);
  }
  return out;
}

std::unique_ptr<ChannelAdapter> make_wechat_adapter(WeChatSettings settings) {
  return std::make_unique<WeChatAdapter>(std::move(settings));
}

std::unique_ptr<ChannelAdapter> make_smtp_adapter(SmtpSettings settings) {
  return std::make_unique<SmtpAdapter>(std::move(settings));
}

std::string mime_message(const std::string& from, const std::string& to, const std::string& subject,
                         const std::string& body, const std::string& message_id, Millis now) {
  char date[64];
  std::time_t t = static_cast<std::time_t>(now / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  // RFC 2047: encoded words of at most 75 characters, each holding whole UTF-8 characters,
  // on folded lines.
  std::string encoded_subject;
  for (std::size_t i = 0; i < subject.size();) {
    std::size_t end = std::min(subject.size(), i + 45);
    while (end < subject.size() && (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80) --end;
    encoded_subject += (i ? "\r\n " : "") + std::string("=?UTF-8?B?") + base64(subject.substr(i, end - i)) + "?=";
    i = end;
  }
  std::string out = std::string("Date: ") + date + "\r\nFrom: " + from + "\r\nTo: <" + to + ">\r\n" +
                    "Subject: " + encoded_subject + "\r\nMessage-ID: <" + message_id + ">\r\n" +
                    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  std::string encoded = base64(body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

}  // namespace pkserver
