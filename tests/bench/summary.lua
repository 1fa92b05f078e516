-- The end of a wrk run as one JSON line, which tests/bench/measure.py reads instead of wrk's
-- human summary. report.lua and mixed.lua load it (dofile) from their own directory.
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
