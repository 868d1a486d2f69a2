-- wrk script: POSTs SPARQL queries in rotation, each as application/sparql-query with
-- Accept application/sparql-results+json, and prints one summary line at the end.
-- Arguments after `--`: the endpoint path (/sparql, /query) and a mix file whose queries are
-- separated by lines holding only `%%` (bench/sparql.sh writes it).
local reqs = {}
local next_req = 0

local function read_mix(file)
  local f = assert(io.open(file, "r"))
  local text = f:read("*a") .. "\n%%\n"
  f:close()
  local out = {}
  for q in text:gmatch("(.-)\n%%%%\n") do
    if q:match("%S") then
      out[#out + 1] = q
    end
  end
  return out
end

function init(args)
  local path, file = args[1], args[2]
  for _, q in ipairs(read_mix(file)) do
    reqs[#reqs + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/sparql-query",
      ["Accept"] = "application/sparql-results+json",
    }, q)
  end
  assert(#reqs > 0, "no query in " .. file)
end

function request()
  next_req = next_req % #reqs + 1
  return reqs[next_req]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "summary rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
