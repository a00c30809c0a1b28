-- GET with "Authorization: Bearer $BEARER", each connection waiting DELAY_MS between a response and
-- its next request: a moderate, steady background load (bench/cluster.sh) rather than wrk's flat out.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BEARER"), "BEARER not set")
local pause = tonumber(os.getenv("DELAY_MS") or "0")

function delay()
  return pause
end

function response(status, headers, body)
  count_status(status)
end
