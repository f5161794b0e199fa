-- What a person measures or inspects on the printed card and the device
-- (DB43/T 3.3 tables 1-3, items 3 and 5): warpage, appearance, text and
-- photo quality for every class; the laminate (and its peel strength, and
-- a hard laminate module) only where the class's table asks for it (表1:
-- the desktop device; 表2 and 表3 name no laminate, so a portable or
-- self-service device without one is not asked); card cleaning as each
-- table words it.
suite {
  title = "Card printer: operator checks",
  standard = "DB43/T 3.3",
}

local ALL = "DB43/T 3.3 §6.3.1 表1-5; §6.3.2 表2-5; §6.3.3 表3-5"
local DESKTOP = "DB43/T 3.3 §6.3.1 表1-5 卡片覆膜"

test {
  id = "printer.warpage",
  title = "Card warpage after issuing <= 2 mm",
  title_zh = "制卡后卡片翘曲 ≤ 2 mm",
  clause = ALL,
  run = function(t)
    t:ask { key = "mm", kind = "number", unit = "mm", min = 0, max = 2,
            prompt = "Card back up on a flat surface: largest gap to the card back (mm)?" }
  end,
}

-- 剥离强度高于 6N/cm: "higher than", so 6.0 itself does not pass.
test {
  id = "printer.laminate_peel",
  title = "Laminate peel strength > 6 N/cm",
  title_zh = "覆膜剥离强度高于 6 N/cm",
  clause = DESKTOP,
  dut_class = "desktop",
  run = function(t)
    t:ask { key = "n_per_cm", kind = "number", unit = "N/cm", gt = 6,
            prompt = "Peel strength of the laminate on a card it issued, by the peel tester (N/cm)?" }
  end,
}

for _, v in ipairs {
  { id = "printer.appearance", clause = ALL,
    title = "Printed card has no scratches, stains, warping or damage",
    title_zh = "打印后卡片无划痕、污渍、翘曲或损坏",
    prompt = "Is the printed card free of scratches, stains, warping and damage?" },
  { id = "printer.text_quality", clause = ALL,
    title = "Text in vector fonts, laid out as the card face specifies, sharp and clean",
    title_zh = "文字采用矢量字体，字体、字号、位置符合卡面样式，字迹清楚",
    prompt = "Is the text printed in vector fonts, its font, size, fields, position and layout "
      .. "as the social security card face layout specifies, sharp, straight, without stains, "
      .. "ghosting or breaks, its edges clean and even, in the specified colours?" },
  { id = "printer.photo_quality", clause = ALL,
    title = "Photo printed as an image, sized and placed as specified, true to colour",
    title_zh = "照片以图像方式打印，尺寸位置符合卡面样式，清晰无偏色",
    prompt = "Is the photo printed as an image, of the size and in the place the card face "
      .. "layout specifies, sharp, undistorted, without colour cast, its colours natural and "
      .. "accurate, with rich gradation?" },
  { id = "printer.laminate", clause = DESKTOP, class = "desktop",
    title = "Laminate is flat, complete and without defects, edge to edge",
    title_zh = "覆膜平整、完整、无缺陷，覆盖至卡边",
    prompt = "Is the laminate flat, complete, edge to edge, without defects?" },
  { id = "printer.hard_laminate", clause = DESKTOP, class = "desktop",
    title = "A hard (thick) laminate module can be fitted, built in or attached",
    title_zh = "支持覆硬膜（加厚覆膜）模块扩展",
    prompt = "Does the device take a hard (thick) laminate module, built in or attached?" },
  { id = "printer.cleaning", class = "desktop|portable",
    clause = "DB43/T 3.3 §6.3.1 表1-3; §6.3.2 表2-3 卡片清洁",
    title = "Cleans both faces of the card in one pass",
    title_zh = "一次通过卡片正反两面清洁",
    prompt = "Does one pass of a dusty card through the device clean both its faces?" },
  { id = "printer.cleaning_auto", class = "self-service",
    clause = "DB43/T 3.3 §6.3.3 表3-3 设备清洁功能",
    title = "A cleaning card passed through once cleans the card path",
    title_zh = "清洁卡一次通过自动清除通道污垢和灰尘",
    prompt = "Does a cleaning card, passed through once, clean the card path automatically?" },
} do
  test {
    id = v.id,
    title = v.title,
    title_zh = v.title_zh,
    clause = v.clause,
    dut_class = v.class,
    run = function(t)
      t:ask { key = "ok", kind = "yesno", expect = true, prompt = v.prompt }
    end,
  }
end
