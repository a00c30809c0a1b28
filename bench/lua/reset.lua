-- POST /api/auth/password-reset, one JSON body per request (bench/reset-timing.sh).
--   RESET_MODE=unknown  a fresh email that exists nowhere, every request
--   RESET_MODE=known    seeded emails user<RESET_FIRST..RESET_FIRST+RESET_COUNT-1>@bench.test, each once
--                       per round (under the hourly limit: a token and a mail are queued)
--   RESET_MODE=limited  seeded emails already at PASSWORD_RESET_MAX_PER_HOUR (cycled): 202, nothing queued
-- Env: RESET_MODE, RESET_FIRST, RESET_COUNT, RUN_ID.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local mode, first, count, i, run, started

function init(args)
  mode = os.getenv("RESET_MODE") or "unknown"
  first = tonumber(os.getenv("RESET_FIRST") or "1")
  count = tonumber(os.getenv("RESET_COUNT") or "1")
  run = os.getenv("RUN_ID") or "0"
  i = 0
  started = os.time()
end

function request()
  local email
  if mode == "unknown" then
    email = string.format("nobody-%s-%d-%d-%d@bench.test", run, started, tid, i)
  else
    email = "user" .. (first + i % count) .. "@bench.test"
  end
  i = i + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, '{"email":"' .. email .. '"}')
end

function response(status, headers, body)
  count_status(status)
end
