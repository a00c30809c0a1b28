-- GET with "Authorization: Bearer $BEARER" (the token stays out of the process list).
-- No response() hook: wrk's own non-2xx counter is the check, and the load generator stays lean.
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BEARER"), "BEARER not set")
