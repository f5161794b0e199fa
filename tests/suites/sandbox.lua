-- The sandbox a suite runs in (tests/sandbox.t, docs/suite-api.md
-- "Sandbox"): every way out is refused with an error that names it, and
-- what a suite needs still works. Each test passes only when it holds.
local lib = require "sandboxlib"

-- fn must raise, and the error must name `what` as not available.
local function refused(t, what, fn)
  local ok, err = pcall(fn)
  t:ok(not ok, what .. " is refused")
  t:match(tostring(err), "is not available to suites", what .. ": the error says why")
end

test {
  id = "sandbox.os",
  title = "os: no exit, execute, getenv, remove, rename, tmpname",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    refused(t, "os.execute", function() return os.execute("true") end)
    refused(t, "os.getenv", function() return os.getenv("HOME") end)
    refused(t, "os.remove", function() return os.remove("results.tap") end)
    refused(t, "os.rename", function() return os.rename("a", "b") end)
    refused(t, "os.tmpname", function() return os.tmpname() end)
    refused(t, "os.exit", function() os.exit(7) end)
  end,
}

test {
  id = "sandbox.io",
  title = "no io, no dofile/loadfile, no debug, no package",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    refused(t, "io.open", function() return io.open("bench/fixtures/keys/sim-keys.yaml") end)
    refused(t, "io.popen", function() return io.popen("id") end)
    refused(t, "io.lines", function() return io.lines("/etc/hostname") end)
    refused(t, "io.write", function() return io.write("raw\n") end)
    refused(t, "dofile", function() return dofile("/etc/hostname") end)
    refused(t, "loadfile", function() return loadfile("/etc/hostname") end)
    refused(t, "debug.sethook", function() return debug.sethook() end)
    refused(t, "package.loadlib", function() return package.loadlib("libc.so.6", "abort") end)
    local ok = pcall(setmetatable, io, nil)
    t:ok(not ok, "the refusing tables cannot be unlocked")
  end,
}

test {
  id = "sandbox.load",
  title = "load: text chunks only; require: only the suite's own folders",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    local f, why = load(string.dump(function() return 1 end))
    t:ok(f == nil, "a binary chunk is not loaded")
    t:match(tostring(why), "binary", "and load says so")
    t:ok(not pcall(load, "return 1", "x", "b"), "mode \"b\" is refused")
    t:eq(load("return 6 * 7")(), 42, "a text chunk loads")
    t:eq(load("return x", "env", "t", { x = 5 })(), 5, "with its env")
    local ok, err = pcall(require, "../../bench/fixtures/keys/sim-keys")
    t:ok(not ok, "require of a path is refused")
    t:match(tostring(err), "module names are", "naming the rule")
    ok, err = pcall(require, "no_such_module")
    t:ok(not ok, "a module that is not there")
    t:match(tostring(err), "tests/suites/lib/no_such_module.lua", "lists where it looked")
  end,
}

test {
  id = "sandbox.kept",
  title = "string, table, math, utf8, coroutine, os.time/clock/date and require work",
  clause = "docs/suite-api.md Sandbox",
  run = function(t)
    t:eq(lib.twice(21), 42, "require found lib/sandboxlib.lua")
    t:ok(require "sandboxlib" == lib and lib.loads == 1, "and loads it once")
    t:eq(string.format("%04X", 0x3F00), "3F00", "string")
    t:eq(table.concat({ "a", "b" }, ","), "a,b", "table")
    t:eq(math.max(1, 2), 2, "math")
    t:eq(utf8.len("§"), 1, "utf8")
    t:eq(coroutine.wrap(function() coroutine.yield(7) end)(), 7, "coroutine")
    t:ok(os.time() > 0 and os.clock() >= 0, "os.time, os.clock")
    t:match(os.date("!%Y-%m-%d", 0), "^1970%-01%-01$", "os.date")
    t:eq(os.difftime(2, 1), 1.0, "os.difftime")
  end,
}
