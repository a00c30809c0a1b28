-- Shared by the wrk scripts of bench/run.sh: per-thread ids, per-thread status counts, and a
-- done() that prints one "status:" line per thread (run.sh parses them to check errors).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

statuses = {}

function count_status(status)
  statuses[status] = (statuses[status] or 0) + 1
end

-- extra(thread) may return a string appended to the thread's line
function report(extra)
  for _, t in ipairs(threads) do
    local s = t:get("statuses") or {}
    local parts = {}
    for k, v in pairs(s) do parts[#parts + 1] = k .. "=" .. v end
    table.sort(parts)
    io.write(string.format("status: thread %d %s%s\n", t:get("tid"), table.concat(parts, " "),
      extra and (" " .. extra(t)) or ""))
  end
end

function done(summary, latency, requests)
  report(nil)
end
