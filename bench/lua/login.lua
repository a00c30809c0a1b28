-- POST /api/auth/login, one JSON body per request.
--   LOGIN_MODE=right    seeded emails (user<i>@bench.test), the right password, cycling over BENCH_USERS
--   LOGIN_MODE=wrong    seeded emails, a wrong password (cycling, so no email nears LOGIN_MAX_FAILURES)
--   LOGIN_MODE=unknown  a fresh email that exists nowhere, every request
-- Env: BENCH_USERS, BENCH_PASSWORD, LOGIN_MODE, WRK_THREADS_N, RUN_ID. Each thread starts at its own
-- offset in the user range, so threads do not log the same user in at the same moment.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local n, pw, mode, i, k, run, started

function init(args)
  n = tonumber(os.getenv("BENCH_USERS"))
  pw = os.getenv("BENCH_PASSWORD")
  mode = os.getenv("LOGIN_MODE") or "right"
  run = os.getenv("RUN_ID") or "0"
  local threads = tonumber(os.getenv("WRK_THREADS_N") or "1")
  i = math.floor(n * tid / threads)
  k = 0
  started = os.time()
  if mode == "wrong" then pw = pw .. "-wrong" end
end

function request()
  local email
  if mode == "unknown" then
    k = k + 1
    email = string.format("nobody-%s-%d-%d-%d@bench.test", run, started, tid, k)
  else
    i = i % n + 1
    email = "user" .. i .. "@bench.test"
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" },
    '{"email":"' .. email .. '","password":"' .. pw .. '"}')
end

function response(status, headers, body)
  count_status(status)
end
