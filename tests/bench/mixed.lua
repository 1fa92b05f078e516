-- wrk script of the mixed load: each request is drawn from a list of (weight, path, cookie)
-- written by tests/bench/measure.py, one per line, tab-separated, in the file BENCH_MIX
-- names. Visitors send no cookie; members and staff send their session's.
local requests = {}
local total_weight = 0

local function load_requests()
  local file = assert(io.open(os.getenv("BENCH_MIX"), "r"))
  for line in file:lines() do
    local weight, path, cookie = line:match("^([%d.]+)\t([^\t]+)\t?(.*)$")
    if weight then
      total_weight = total_weight + tonumber(weight)
      local headers = {}
      if cookie ~= "" then
        headers["Cookie"] = cookie
      end
      table.insert(requests, {
        upto = total_weight,
        request = wrk.format("GET", path, headers),
      })
    end
  end
  file:close()
end

local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("number", thread_number)
end

function init(args)
  load_requests()
  -- Each thread draws its own sequence; the same one on every run.
  math.randomseed(1000 + number)
end

function request()
  local draw = math.random() * total_weight
  for _, entry in ipairs(requests) do
    if draw <= entry.upto then
      return entry.request
    end
  end
  return requests[#requests].request
end

-- When the run is over, one JSON line for measure.py.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "summary.lua")
