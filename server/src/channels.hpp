#pragma once
// Channel adapters of the notification outbox: WeChat subscribe messages over the official HTTP
// API (base URL configurable, access token cached and refreshed), email over SMTP (libcurl,
// STARTTLS when offered). In-app messages need no adapter: the shopper's app pulls them.
// docs/server-api.md "Notifications" lists the settings and how errors are classed.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "promokit/json.hpp"
#include "storage.hpp"

namespace pkserver {

using promokit::Json;

// What one delivery attempt came to. A permanent failure is not retried (no address, the
// shopper refused the subscription, the provider rejected the message as invalid).
struct Delivery {
  bool ok = false;
  bool permanent = false;
  std::string error;
};

// A message as an adapter sends it: the outbox row, the shopper's profile (addresses live in
// profile.attributes: "openid", "email"), and values a provider template may show.
struct Message {
  const OutboxRecord& record;
  const Json& profile;
  std::string offer_title;  // in the message's language; empty without an offer
  std::string local_date;   // "2026-11-23": the due day in the shopper's zone
  std::string local_time;   // "2026-11-23 10:00"
};

class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;
  virtual Delivery send(const Message& message) = 0;
  // Whether this adapter can carry a message of the template (WeChat needs a mapping per template).
  virtual bool carries(const std::string& template_id) const { return true; }
};

// --wechat-templates: { "<template id>": { "templateId": "<WeChat template id>", "page":
// "pages/offers/offers", "data": { "thing1": "{text}", "time2": "{time}" } } }. Values may use
// {text} {offer} {name} {date} {time}; "thing" values are cut to 20 characters, "phrase" to 5.
struct WeChatTemplate {
  std::string template_id, page;
  std::map<std::string, std::string> data;
};
struct WeChatSettings {
  std::string api = "https://api.weixin.qq.com";
  std::string app_id, app_secret;
  std::string state = "formal";  // miniprogram_state: formal | trial | developer
  std::map<std::string, WeChatTemplate> templates;
};
// Reads the --wechat-templates JSON; throws std::invalid_argument naming the path.
std::map<std::string, WeChatTemplate> read_wechat_templates(const std::string& json);
std::unique_ptr<ChannelAdapter> make_wechat_adapter(WeChatSettings settings);

struct SmtpSettings {
  std::string url;   // smtp://host:587 (STARTTLS when offered) or smtps://host:465
  std::string from;  // "Mall <promos@mall.example>"
  std::string user, password;
};
std::unique_ptr<ChannelAdapter> make_smtp_adapter(SmtpSettings settings);

// The RFC 5322 message the SMTP adapter sends (UTF-8, base64 body, encoded-word subject).
std::string mime_message(const std::string& from, const std::string& to, const std::string& subject,
                         const std::string& body, const std::string& message_id, Millis now);

}  // namespace pkserver
