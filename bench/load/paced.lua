-- One route of the clinic's mix at a mean rate, for wrk (run by `load.mjs mix --generator wrk`, which see):
--
--   wrk -t1 -cC -dDs --timeout 10s -s paced.lua BASE -- WORLD ROUTE RATE C [ceiling]
--
-- WORLD is the file `load.mjs setup` wrote; ROUTE one of vitals, score, chart, day, dashboard, vitals-audited; RATE
-- the mean requests per second of all C connections together; `ceiling` sends the bare stack's requests
-- (bench/Respite.LoadCeiling: no bearer token, its own paths).
--
-- Each connection waits a random (exponential) time with a mean of C / RATE seconds before each request, so the C
-- connections together send at about RATE, at random times. A connection waits for its answer before it starts its
-- next wait, but with C chosen so that each sends a few requests a second, a slow answer delays only its own
-- connection's next request, not the others': the load stays close to arrivals at random whatever the server does.
-- wrk times each request from the moment it writes it to the end of the answer, in its own event loop, in C.
--
-- Prints one JSON line: requests, per second, p50/p90/p99/max latency (ms), non-2xx answers, connection errors and
-- requests timed out.

local route, rate, ceiling, mean
local ids, token, date
local next_id = 0

local function read(file)
  local f = assert(io.open(file))
  local text = f:read("*a")
  f:close()
  return text
end

-- The world file is load.mjs's own JSON.stringify output: arrays of ids and string fields are all it needs from it.
local function array(json, name)
  local out = {}
  local body = assert(json:match('"' .. name .. '"%s*:%s*%[(.-)%]'), "no " .. name .. " in the world file")
  for id in body:gmatch('"([%x%-]+)"') do out[#out + 1] = id end
  return out
end

local function field(json, name)
  return (assert(json:match('"' .. name .. '"%s*:%s*"([^"]+)"'), "no " .. name .. " in the world file"))
end

function init(args)
  local json = read(args[1])
  route, rate, ceiling = args[2], tonumber(args[3]), args[5] == "ceiling"
  mean = 1000 * tonumber(args[4]) / rate
  math.randomseed(os.time())
  local tokens = json:match('"tokens"%s*:%s*(%b{})')
  if route == "vitals" or route == "vitals-audited" then
    ids, token = array(json, "sessions"), field(tokens, "nurse")
  elseif route == "score" then
    -- The first patients of the world are the ones checked in for a session (load.mjs's chairPatient).
    local sessions, patients = array(json, "sessions"), array(json, "patients")
    ids, token = {}, field(tokens, "nurse")
    for i = 1, #sessions do ids[i] = patients[i] end
  elseif route == "chart" then
    ids, token = array(json, "patients"), field(tokens, "nurse")
  elseif route == "day" then
    ids, token, date = { field(json, "locationId") }, field(tokens, "frontdesk"), field(json, "date")
  elseif route == "dashboard" then
    ids, token = { "" }, field(tokens, "prescriber")
  else
    error("unknown route " .. tostring(route))
  end
  next_id = math.random(#ids)
  wrk.headers["content-type"] = "application/json"
  if not ceiling then wrk.headers["authorization"] = "Bearer " .. token end
end

function delay()
  return -math.log(1 - math.random()) * mean
end

local random = math.random

function request()
  next_id = next_id % #ids + 1
  local id = ids[next_id]
  if route == "vitals" or route == "vitals-audited" then
    local path = route == "vitals-audited" and ("/ceiling/sessions/" .. id .. "/vitals-audited")
      or ((ceiling and "/ceiling" or "/api") .. "/sessions/" .. id .. "/vitals")
    return wrk.format("POST", path, nil, string.format('{"systolic":%d,"diastolic":%d,"heartRate":%d,"spo2":%d}',
      random(112, 134), random(70, 84), random(62, 88), random(95, 99)))
  elseif route == "score" then
    return wrk.format("POST", "/api/patients/" .. id .. "/assessments", nil,
      string.format('{"instrument":"nrs-pain","answers":[%d]}', random(0, 10)))
  elseif route == "chart" then
    return wrk.format("GET", (ceiling and "/ceiling" or "/api") .. "/patients/" .. id)
  elseif route == "day" then
    return wrk.format("GET", "/api/locations/" .. id .. "/day?date=" .. date)
  end
  return wrk.format("GET", "/api/dashboard/outcomes")
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"perSecond":%.1f,"p50":%.1f,"p90":%.1f,"p99":%.1f,"max":%.1f,"non2xx":%d,"errors":%d,"timeouts":%d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect + e.read + e.write, e.timeout))
end
