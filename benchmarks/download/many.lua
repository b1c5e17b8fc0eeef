-- wrk script for the many-exports benchmark: each request fetches one export with its owner's token.
-- Reads targets.txt ("reference token" lines) and the mode from the environment:
--   DSAR_BENCH_MODE=service|nginx, DSAR_BENCH_PASS=once (each export exactly once, shuffled, then stop) | random.
local targets = {}
local mode = os.getenv("DSAR_BENCH_MODE") or "service"
local pass = os.getenv("DSAR_BENCH_PASS") or "random"
for line in io.lines(os.getenv("DSAR_BENCH_TARGETS")) do
  local ref, token = line:match("^(%S+) (%S+)$")
  targets[#targets + 1] = { ref = ref, token = token }
end
math.randomseed(tonumber(os.getenv("DSAR_BENCH_SEED") or "42"))
if pass == "once" then
  for i = #targets, 2, -1 do
    local j = math.random(i)
    targets[i], targets[j] = targets[j], targets[i]
  end
end
local next_index = 0
answered = 0   -- globals: done() reads them with thread:get
started, elapsed = nil, nil

-- wrk runs for its whole duration even when the thread stops early, and reports its rate over that duration:
-- the "once" pass times itself (wall clock from /proc/uptime, 10 ms resolution) and done() prints the rate.
local function uptime()
  local file = io.open("/proc/uptime")
  local seconds = file:read("*n")
  file:close()
  return seconds
end

request = function()
  local t
  if pass == "once" then
    started = started or uptime()
    next_index = next_index + 1
    t = targets[((next_index - 1) % #targets) + 1]
  else
    t = targets[math.random(#targets)]
  end
  if mode == "nginx" then
    return wrk.format("GET", "/" .. t.ref .. ".zip")
  end
  return wrk.format("GET", "/api/dsar/download/" .. t.ref, { ["Authorization"] = "Bearer " .. t.token })
end

-- Only the "once" pass counts answers: a response callback makes wrk parse every body, so the random pass
-- (the long one) goes without it, for both servers alike.
if pass == "once" then
  response = function(status, headers, body)
    answered = answered + 1
    if answered == #targets then
      elapsed = uptime() - started
      wrk.thread:stop()
    end
  end
end

local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end

done = function(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local n, seconds = thread:get("answered"), thread:get("elapsed")
    if seconds then
      io.write(string.format("once: %d answers in %.2f s: %.1f req/s\n", n, seconds, n / seconds))
    end
  end
end
