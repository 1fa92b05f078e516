-- wrk script: send the bench's extra headers (the staff session cookie) and, when the run is
-- over, print one JSON line that tests/bench/run.py reads instead of wrk's human summary.
local extra_cookie = os.getenv("BENCH_COOKIE")
if extra_cookie and extra_cookie ~= "" then
  wrk.headers["Cookie"] = extra_cookie
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests,
    summary.duration,
    latency:percentile(50),
    latency:percentile(95),
    latency:percentile(99),
    latency.max,
    errors.status,
    errors.connect + errors.read + errors.write + errors.timeout
  ))
end
