-- Prints wrk's figures as one JSON line for benchmarks/load.py (latencies in microseconds).
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'JSON {"p50": %d, "p95": %d, "p99": %d, "requests": %d, "duration_us": %d, ' ..
    '"socket_errors": %d, "timeouts": %d, "non_2xx": %d}\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write, errors.timeout, errors.status))
end
