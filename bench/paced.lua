-- wrk script: each connection waits DELAY_MS (env) before each request, so a few
-- connections make a steady, realistic load instead of as many requests as the server
-- can answer. wrk measures each request's latency from when it is sent, not the wait.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "20")

function delay()
  return delay_ms
end
