-- wrk script: each request takes the next path from the file in PATHS (one per line), so a run mixes
-- many different searches; prints p50/p95/p99 latency and non-2xx counts at the end.
local paths = {}
local counter = 0

function init(args)
  local file = os.getenv("PATHS")
  for line in io.lines(file) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  -- Threads start at different places in the list.
  counter = math.random(1, #paths)
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  io.write(string.format("requests %d  req/s %.0f  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  non-2xx %d  errors %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
