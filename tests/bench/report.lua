-- wrk script: send the bench's extra headers (the staff session cookie) and, when the run is
-- over, print one JSON line that tests/bench/measure.py reads (summary.lua).
local extra_cookie = os.getenv("BENCH_COOKIE")
if extra_cookie and extra_cookie ~= "" then
  wrk.headers["Cookie"] = extra_cookie
end

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "summary.lua")
