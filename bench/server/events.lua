-- POST /v1/events: batches of 10 new events (ids unique per thread and request).
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local events = {}
  for k = 1, 10 do
    events[k] = string.format('{"id":"t%d-%d-%d","type":"view","time":%d,"offerId":"bench-offer"}', tid, counter, k, 1767225600000 + counter)
  end
  local body = '{"customerId":"bench-' .. tid .. '-' .. (counter % 500) .. '","events":[' .. table.concat(events, ",") .. ']}'
  return wrk.format("POST", "/v1/events", { ["X-App-Key"] = os.getenv("PK_APP_KEY"), ["Content-Type"] = "application/json" }, body)
end
