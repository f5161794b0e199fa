-- The files a suite makes go into the printer's scan directory under a
-- plain name (tests/printer_formats.t): a path is refused.
suite { title = "Printer document names", standard = "bench self-test" }

test { id = "names.refused", title = "put, put_target and put_card refuse paths", clause = "self §1",
  roles = { "printer" },
  run = function(t)
    local p = t.roles.printer
    for _, c in ipairs {
      { "put", function() return p:put("../escape.pdf", "x") end },
      { "put_target", function() return p:put_target("../../escape.png", 600) end },
      { "put_card", function() return p:put_card("/tmp/escape.pwg", 600) end },
      { "put_card", function() return p:put_card(".hidden.pwg", 600) end },
    } do
      local ok, err = pcall(c[2])
      t:ok(not ok and tostring(err):find("a file name of", 1, true) ~= nil,
           c[1] .. " refuses a path", tostring(err))
    end
    local path = p:put_card("plain.pwg", 300)
    t:ok(path:sub(-10) == "/plain.pwg", "a plain name is written in the scan directory", path)
  end }
