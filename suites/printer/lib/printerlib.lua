-- Shared by the printer suites: DUT-class limits (seed 000 tables 1-3),
-- job helpers and the small files the tests print.
local M = {}

-- Seed 000 (DB43/T part 3) §6.3.1 table 1 desktop, §6.3.2 table 2 portable,
-- §6.3.3 table 3 self-service card-issuing devices.
local classes = {
  desktop = { clause = "§6.3.1 表1", rate = 100, dpi = 600 },
  portable = { clause = "§6.3.2 表2", rate = 180, dpi = 300 },
  ["self-service"] = { clause = "§6.3.3 表3", rate = 100, dpi = 600 },
}

-- The limits of the station's DUT class; an unknown class fails the test
-- (a limit must never be guessed).
function M.limits(t)
  local class = t.station.dut and t.station.dut.class
  local l = classes[class or ""]
  t:require(l ~= nil, "station dut.class is desktop, portable or self-service",
            "dut.class is " .. tostring(class))
  t:note("dut_class", class)
  return l
end

-- A private file name under the printer's scan directory.
function M.file(t, name)
  return t.roles.printer:config().scan_dir .. "/" .. t.id .. "-" .. name
end

-- A one-page full-colour PDF the size of an ID-1 card: what the rate and
-- soak tests send (the simulated printer does not scan PDF jobs).
function M.card_pdf(t)
  local content = "0.9 0.2 0.1 rg 10 10 222.6 133 re f\n"
  local objs = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 242.6 153] /Contents 4 0 R >>",
    "<< /Length " .. #content .. " >>\nstream\n" .. content .. "endstream",
  }
  local out, offs = { "%PDF-1.4\n" }, {}
  local len = #out[1]
  for i, o in ipairs(objs) do
    offs[i] = len
    local s = i .. " 0 obj\n" .. o .. "\nendobj\n"
    out[#out + 1] = s
    len = len + #s
  end
  local xref = { "xref\n0 " .. (#objs + 1) .. "\n0000000000 65535 f \n" }
  for i = 1, #objs do xref[#xref + 1] = string.format("%010d 00000 n \n", offs[i]) end
  out[#out + 1] = table.concat(xref)
  out[#out + 1] = "trailer\n<< /Size " .. (#objs + 1) .. " /Root 1 0 R >>\nstartxref\n"
    .. len .. "\n%%EOF\n"
  return t.roles.printer:put(t.id .. "-card.pdf", table.concat(out))
end

-- The registration target at the printer's own resolution.
function M.target(t)
  local a = t.roles.printer:attributes()
  local path = M.file(t, "target.png")
  bench.register.target(path, a.resolution > 0 and a.resolution or 600)
  return path
end

-- Prints one file and waits: state, reasons, message, job.
function M.print_wait(t, spec)
  local job = t.roles.printer:print(spec)
  local state, reasons, msg = job:wait()
  return state, reasons, msg, job
end

return M
