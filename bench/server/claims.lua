-- POST /v1/claims: each request a new shopper claiming the bench offer (total limit 10^9,
-- one per customer), so every request runs the limit checks, signs a token and commits.
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local body = string.format('{"offerId":"bench-offer","customerId":"c%d-%d-%d"}', tid, counter, os.time())
  return wrk.format("POST", "/v1/claims", { ["X-App-Key"] = os.getenv("PK_APP_KEY"), ["Content-Type"] = "application/json" }, body)
end
