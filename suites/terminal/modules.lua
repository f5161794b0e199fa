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
  clause = "DB43/T 3.3 §6.3.4 表4 (7); §6.3.5 表5 (10); §6.3.3 表3 (环境摄像头)",
  run = function(t)
    local r = rule_for(t, {
      interactive = { row = "表4 (7) 摄像头: >= 200 万像素", min_mp = 2 },
      ["document-camera"] = { row = "表5 (10) 立杆副机摄像头: >= 200 万像素", min_mp = 2 },
      -- 2592 x 1944 = 5.04 MP; a frame of other proportions with as many
      -- pixels is "或以上" too.
      ["self-service"] = { row = "表3 环境摄像头: 2592×1944 或以上, MJPG/YUY2", min_mp = 5.03,
                           formats = true },
    })
    megapixels(t, r, "Scene (face / environment) camera")
    if r.formats then
      t:ask { key = "mjpg_yuy2", kind = "yesno", expect = true,
              prompt = "Does it deliver both MJPG and YUY2 frames (e.g. v4l2-ctl --list-formats)?" }
    end
  end,
}

test {
  id = "terminal.camera.binocular",
  title = "Binocular camera: visible and infrared resolution",
  title_zh = "双目摄像头：可见光与红外分辨率",
  clause = "DB43/T 3.3 §6.3.3 表3 (双目摄像头)",
  run = function(t)
    rule_for(t, { ["self-service"] = { row = "表3 双目摄像头: 可见光 300 万或以上, 红外 300 万或以上" } })
    t:ask { key = "visible_megapixels", kind = "number", unit = "MP", min = 3,
            prompt = "Binocular camera, visible-light sensor: megapixels of a full frame?" }
    t:ask { key = "infrared_megapixels", kind = "number", unit = "MP", min = 3,
            prompt = "Binocular camera, infrared sensor: megapixels of a full frame?" }
  end,
}

test {
  id = "terminal.display",
  title = "Touch display: size, resolution, touch points, brightness, contrast",
  title_zh = "显控一体屏：尺寸、分辨率、触摸点数、亮度、对比度",
  clause = "DB43/T 3.3 §6.3.3 表3 (显控一体屏); §6.3.4 表4 (5), (6)",
  run = function(t)
    local r = rule_for(t, {
      ["self-service"] = { row = "表3 显控一体屏: >= 21.5 英寸, 1920×1080 16:9, 10 点触摸, " ..
                           ">= 250 cd/m², >= 3000:1", inch = 21.5, meter = true },
      interactive = { row = "表4 (5) 显示屏: 主屏 >= 15.6 英寸, 1920(H)×1080(V); (6) 触摸屏: " ..
                      "10 点电容式触摸", inch = 15.6 },
    })
    t:ask { key = "diagonal", kind = "number", unit = "inch", min = r.inch,
            prompt = "Diagonal of the (main) touch display's active area (inches)?" }
    t:ask { key = "full_hd", kind = "yesno", expect = true,
            prompt = "Does it show 1920 x 1080 natively?" }
    t:ask { key = "touch_points", kind = "number", unit = "points", min = 10,
            prompt = "Touch points it tracks at once (e.g. evtest's ABS_MT_SLOT max + 1)?" }
    if not r.meter then return end
    t:ask { key = "brightness", kind = "number", unit = "cd/m2", min = 250,
            prompt = "Luminance of a full white screen (cd/m2, a luminance meter)?" }
    t:ask { key = "contrast", kind = "number", unit = ":1", min = 3000,
            prompt = "Contrast: white luminance / black luminance (the same meter)?" }
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

-- The self-service machine's contactless reader (表3) reads identity
-- documents over 0-5 cm in under 1 s: the document kinds, the distance and
-- the time are the operator's (bench has no identity-document driver).
test {
  id = "terminal.idcard.distance",
  title = "Second-generation ID card read distance (and kinds and time, self-service)",
  title_zh = "二代身份证读卡距离（自助机：证件种类与读卡速度）",
  clause = "DB43/T 3.3 §6.3.5 表5 (7); §6.3.3 表3 (非接触式读卡器)",
  run = function(t)
    rule_for(t, { ["document-camera"] = { row = "表5 (7) 身份证阅读: 最大读卡距离 >= 5 cm" },
                  ["self-service"] = { row = "表3 非接触式读卡器: 二代身份证、港澳台居民居住证、" ..
                                             "外国人永久居住证; 读卡距离 0～5cm, 读卡速度<1s" } })
    t:ask { key = "max_distance", kind = "number", unit = "cm", min = 5,
            prompt = "Largest distance (cm) from the reader's surface at which a "
              .. "second-generation ID card is still read, raised in 0.5 cm steps?" }
    if t.station.dut.class ~= "self-service" then return end
    t:ask { key = "read_time", kind = "number", unit = "s", lt = 1,
            prompt = "Time (s) from placing the ID card at 5 cm to its data on screen, the "
              .. "slowest of 5 reads?" }
    t:ask { key = "permits", kind = "yesno", expect = true,
            prompt = "Does it read a Hong Kong/Macao/Taiwan residents' residence permit and a "
              .. "foreigner's permanent residence ID card?" }
  end,
}

test {
  id = "terminal.fingerprint",
  title = "Fingerprint reader resolution and grey levels",
  title_zh = "指纹仪分辨率与灰度级",
  clause = "DB43/T 3.3 §6.3.4 表4 (11); §6.3.5 表5 (9); §6.3.3 表3 (指纹仪)",
  run = function(t)
    local r = rule_for(t, {
      interactive = { row = "表4 (11) 指纹仪(可选): 500 dpi, 8 位 256 级灰度", dpi = 500,
                      optional = true, grey = true },
      ["document-camera"] = { row = "表5 (9) 指纹识别(可选): 500 dpi, 8 位 256 级灰度",
                              dpi = 500, optional = true, grey = true },
      ["self-service"] = { row = "表3 指纹仪: 通过公安认证, 电容传感器, 图象分辨率 508DPI", dpi = 508 },
    })
    if r.optional then fitted(t, "a fingerprint reader") end
    t:ask { key = "dpi", kind = "number", unit = "dpi", min = r.dpi,
            prompt = "Fingerprint image resolution (dpi) as the reader delivers it?" }
    if r.grey then
      t:ask { key = "grey_levels", kind = "number", unit = "levels", min = 256,
              prompt = "Grey levels of its image (256 for 8 bit)?" }
    else
      t:ask { key = "certified_capacitive", kind = "yesno", expect = true,
              prompt = "Is its sensor capacitive, and certified by the Ministry of Public " ..
                       "Security (公安认证)?" }
    end
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

test {
  id = "terminal.laser_printer",
  title = "Laser printer (optional): monochrome A4, resolution",
  title_zh = "激光打印机（选配）：黑白 A4、分辨率",
  clause = "DB43/T 3.3 §6.3.3 表3 (激光打印机)",
  run = function(t)
    rule_for(t, { ["self-service"] = { row = "表3 激光打印机(选配): 黑白激光 A4, 分辨率不低于 " ..
                                             "1200×1200dpi" } })
    fitted(t, "a laser printer")
    t:ask { key = "a4", kind = "yesno", expect = true, prompt = "Does it print A4 sheets?" }
    t:ask { key = "dpi", kind = "number", unit = "dpi", min = 1200,
            prompt = "Its resolution (dpi), the lower of its two axes (1200 for 1200 x 1200)?" }
  end,
}
