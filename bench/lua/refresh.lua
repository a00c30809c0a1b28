-- POST /api/auth/refresh where every request presents a refresh token no other request holds.
-- TOKEN_FILE has one refresh token per line (K sessions logged in beforehand, K >= 2 x connections);
-- thread t takes the lines with index % WRK_THREADS_N == t into its own FIFO queue of free tokens.
-- request() pops a token, response() parses the rotated refresh_token out of the 200 body and
-- pushes it back. A token is never in two requests, so the server's reuse detection never fires;
-- if a queue ever runs dry the request is sent with a dead token and shows up as an error.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
  local threads = tonumber(os.getenv("WRK_THREADS_N") or "1")
  queue, head, tail = {}, 1, 0
  local idx = 0
  for line in io.lines(os.getenv("TOKEN_FILE")) do
    if #line > 0 then
      if idx % threads == tid then
        tail = tail + 1
        queue[tail] = line
      end
      idx = idx + 1
    end
  end
  initial, dry, unparsed = tail, 0, 0
end

function request()
  local token
  if head <= tail then
    token = queue[head]
    queue[head] = nil
    head = head + 1
  else
    token = "queue-ran-dry"
    dry = dry + 1
  end
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  count_status(status)
  if status == 200 then
    local token = string.match(body, '"refresh_token"%s*:%s*"([^"]+)"')
    if token then
      tail = tail + 1
      queue[tail] = token
    else
      unparsed = unparsed + 1
    end
  end
end

function done(summary, latency, requests)
  report(function(t)
    return string.format("tokens_start=%d tokens_free_at_end=%d queue_ran_dry=%d unparsed=%d",
      t:get("initial"), t:get("tail") - t:get("head") + 1, t:get("dry"), t:get("unparsed"))
  end)
end
