-- wrk script: POST to the server function at the URL, as the portal's own
-- pages do (same Origin, the session cookie from WRK_COOKIE).
wrk.method = "POST"
wrk.headers["Origin"] = os.getenv("WRK_ORIGIN")
wrk.headers["Cookie"] = os.getenv("WRK_COOKIE")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = ""
