-- The modules of an interactive terminal (DB43/T 3.3 §6.3.4 表4), a
-- document camera terminal (§6.3.5 表5) and the self-service machine's
-- receipt printer (§6.3.3 表3) that bench has no driver to measure:
-- cameras, the ID card reader's range, the fingerprint reader and the
-- receipt printer. Each test asks the operator for the value measured
-- (e.g. a captured frame's width x height, a ruler under the ID card) and
-- judges it against the row's limit, so the report holds the number, not
-- only "yes". The rows apply per DUT class (`dut: class:`); a test of a
-- class the DUT is not SKIPs naming the class. Optional modules (可选) are
-- asked for first: a terminal without one SKIPs, it never fails for it.
-- Unattended runs take the answers from --answers (docs/terminal.md).
suite {
  title = "Terminal modules measured by the operator",
  standard = "DB43/T 3.3 §6.3.4, §6.3.5",
}

-- Per test: the DUT classes it applies to and, for each, the table row and
-- the limit that row gives.
local function rule_for(t, rules)
  local class = t.station.dut.class or "(none)"
  local r = rules[class]
  if not r then
    local for_classes = {}
    for c in pairs(rules) do for_classes[#for_classes + 1] = c end
    table.sort(for_classes)
    t:skip(string.format("DUT class %s: this row is for %s", class,
                         table.concat(for_classes, ", ")))
  end
  t:note("row", r.row)
  return r
end

-- An optional module: asked whether it is fitted before it is measured.
local function fitted(t, what)
  if not t:ask { key = "fitted", kind = "yesno",
                 prompt = "Is the terminal fitted with " .. what .. " (optional module)?" } then
    t:skip(what .. " not fitted (optional module, operator's answer)")
  end
end

local function megapixels(t, r, which)
  t:ask { key = "megapixels", kind = "number", unit = "MP", min = r.min_mp,
          prompt = string.format("%s: megapixels of a full-resolution frame it captures "
                                 .. "(width x height / 1 000 000)?", which) }
end

test {
  id = "terminal.camera.scene",
  title = "Scene camera resolution",
  title_zh = "场景摄像头分辨率",
  clause = "DB43/T 3.3 §6.3.4 表4 (7); §6.3.5 表5 (10)",
  run = function(t)
    local r = rule_for(t, {
      interactive = { row = "表4 (7) 摄像头: >= 200 万像素", min_mp = 2 },
      ["document-camera"] = { row = "表5 (10) 立杆副机摄像头: >= 200 万像素", min_mp = 2 },
    })
    megapixels(t, r, "Scene (face / environment) camera")
  end,
}

test {
  id = "terminal.camera.document",
  title = "Document camera resolution",
  title_zh = "高拍仪摄像头分辨率",
  clause = "DB43/T 3.3 §6.3.4 表4 (8); §6.3.5 表5 (10)",
  run = function(t)
    local r = rule_for(t, {
      interactive = { row = "表4 (8) 高拍仪: >= 1000 万像素", min_mp = 10 },
      ["document-camera"] = { row = "表5 (10) 主摄像头: >= 1000 万像素", min_mp = 10 },
    })
    megapixels(t, r, "Document camera")
  end,
}

test {
  id = "terminal.idcard.distance",
  title = "Second-generation ID card read distance",
  title_zh = "二代身份证读卡距离",
  clause = "DB43/T 3.3 §6.3.5 表5 (7)",
  run = function(t)
    rule_for(t, { ["document-camera"] = { row = "表5 (7) 身份证阅读: 最大读卡距离 >= 5 cm" } })
    t:ask { key = "max_distance", kind = "number", unit = "cm", min = 5,
            prompt = "Largest distance (cm) from the reader's surface at which a "
              .. "second-generation ID card is still read, raised in 0.5 cm steps?" }
  end,
}

test {
  id = "terminal.fingerprint",
  title = "Fingerprint reader resolution and grey levels",
  title_zh = "指纹仪分辨率与灰度级",
  clause = "DB43/T 3.3 §6.3.4 表4 (11); §6.3.5 表5 (9)",
  run = function(t)
    rule_for(t, {
      interactive = { row = "表4 (11) 指纹仪(可选): 500 dpi, 8 位 256 级灰度" },
      ["document-camera"] = { row = "表5 (9) 指纹识别(可选): 500 dpi, 8 位 256 级灰度" },
    })
    fitted(t, "a fingerprint reader")
    t:ask { key = "dpi", kind = "number", unit = "dpi", min = 500,
            prompt = "Fingerprint image resolution (dpi) as the reader delivers it?" }
    t:ask { key = "grey_levels", kind = "number", unit = "levels", min = 256,
            prompt = "Grey levels of its image (256 for 8 bit)?" }
  end,
}

-- 表4 (12) gives the interactive terminal's optional printer a maximum
-- speed ("最大支持 90mm/s"): its fastest, not a receipt's average, which
-- its feeds and cuts pull down. 表3 gives the self-service machine's
-- (fitted, not optional) a paper and a print width, and an auto cutter.
test {
  id = "terminal.receipt_printer",
  title = "Receipt printer: thermal, paper and print width, speed or cutter",
  title_zh = "凭条打印机：热敏、纸宽与有效打印宽度、打印速度或自动切纸",
  clause = "DB43/T 3.3 §6.3.4 表4 (12); §6.3.3 表3 (凭条打印机)",
  run = function(t)
    rule_for(t, {
      interactive = { row = "表4 (12) 凭条打印机(可选): 58mm 热敏打印机; 打印速度: 最大支持 90mm/s" },
      ["self-service"] = { row = "表3 凭条打印机: 行式热敏打印, 支持自动切纸; 纸宽度 79.5±0.5mm, " ..
                           "有效打印宽度 72mm" },
    })
    if t.station.dut.class == "interactive" then
      fitted(t, "a receipt printer")
      t:ask { key = "thermal_58mm", kind = "yesno", expect = true,
              prompt = "Is it a thermal printer taking 58 mm paper?" }
      t:ask { key = "max_speed", kind = "number", unit = "mm/s", min = 90,
              prompt = "Its maximum print speed (mm/s): a solid block printed at its fastest " ..
                       "setting, the block's length / its print time?" }
      return
    end
    t:ask { key = "line_thermal_cutter", kind = "yesno", expect = true,
            prompt = "Is it a line thermal printer that cuts the paper itself?" }
    t:ask { key = "paper_width", kind = "number", unit = "mm", min = 79.0, max = 80.0,
            prompt = "Width of its paper roll (mm, a caliper)?" }
    t:ask { key = "print_width", kind = "number", unit = "mm", min = 72,
            prompt = "Width of a full printed line (mm): a line of solid black across?" }
  end,
}
