-- GET /v1/catalog for one shopper with If-None-Match: the 304 path (ETag from the environment).
wrk.method = "GET"
wrk.path = "/v1/catalog?customer=bench-shopper"
wrk.headers["X-App-Key"] = os.getenv("PK_APP_KEY")
wrk.headers["If-None-Match"] = os.getenv("PK_ETAG")
