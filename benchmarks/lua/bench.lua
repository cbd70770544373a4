-- The one wrk script of the suite. benchmarks/wrk.py prepends `CFG = {...}` (the load's settings).
--
-- CFG.mode:
--   static  - no request() function: wrk sends its pre-built request (the URL's path; CFG.method and
--             CFG.body when given) on every call, exactly as for the reference app
--   ids     - GET CFG.id_path with a random id of CFG.ids (ids visible to the face) in it
--   create  - POST CFG.create_path with a fresh body: unique external_event_id, 3 interviewers,
--             a start on a weekday's 15-minute grid, so conflicts happen at a realistic rate
--   mixed   - list, retrieve and create picked at random with CFG.weights
-- done() prints one `BENCH_JSON {...}` line that the harness parses.

for name, value in pairs(CFG.headers) do
  wrk.headers[name] = value
end
if CFG.method then
  wrk.method = CFG.method
end
if CFG.body then
  wrk.body = CFG.body
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local sent = 0
function init(args)
  math.randomseed(CFG.seed * 1000 + (tid or 0))
end

local function pick(list)
  return list[math.random(#list)]
end

local function iso(epoch)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", epoch)
end

local function retrieve()
  return wrk.format("GET", string.format(CFG.id_path, pick(CFG.ids)))
end

local function list()
  return wrk.format("GET", pick(CFG.list_paths))
end

local function create()
  sent = sent + 1
  local target = pick(CFG.targets)
  local chosen, people = {}, {}
  while #people < 3 do
    local user = pick(CFG.interviewers)
    if not chosen[user] then
      chosen[user] = true
      people[#people + 1] = user
    end
  end
  local start = pick(CFG.days) + CFG.day_start + 900 * math.random(0, CFG.slots - 1)
  local body = string.format(
    '{"application_id":%d,"interview_id":%d,"external_event_id":"%s-%d-%d","start":"%s","end":"%s",' ..
    '"interviewers":[{"user_id":%d,"response_status":"accepted"},{"user_id":%d,"response_status":"needs_action"},' ..
    '{"user_id":%d,"response_status":"tentative"}]}',
    target[1], target[2], CFG.prefix, tid or 0, sent, iso(start), iso(start + 60 * pick(CFG.minutes)),
    people[1], people[2], people[3])
  return wrk.format("POST", CFG.create_path, CFG.write_headers, body)
end

local function mixed()
  local roll = math.random()
  if roll < CFG.weights.list then
    return list()
  elseif roll < CFG.weights.list + CFG.weights.retrieve then
    return retrieve()
  end
  return create()
end

local modes = {ids = retrieve, create = create, mixed = mixed}
if CFG.mode ~= "static" then
  request = modes[CFG.mode]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50_us":%d,"p75_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
