-- Print-quality items a person measures or inspects (DB43/T 3.3 table 1 item
-- 5, tables 2 and 3 alike): warpage, laminate, appearance.
suite {
  title = "Card printer: operator checks",
  standard = "DB43/T 3.3",
}

test {
  id = "printer.warpage",
  title = "Card warpage after issuing <= 2 mm",
  title_zh = "制卡后卡片翘曲 ≤ 2 mm",
  clause = "DB43/T 3.3 §6.3.1 表1-5; §6.3.2 表2; §6.3.3 表3",
  run = function(t)
    t:ask { key = "mm", kind = "number", unit = "mm", min = 0, max = 2,
            prompt = "Card back up on a flat surface: largest gap to the card back (mm)?" }
  end,
}

for _, v in ipairs {
  { id = "printer.laminate",
    title = "Laminate is flat, complete and without defects, edge to edge",
    title_zh = "覆膜平整、完整、无缺陷，覆盖至卡边",
    prompt = "Is the laminate flat, complete, edge to edge, without defects?" },
  { id = "printer.appearance",
    title = "Printed card has no scratches, stains, warping or damage",
    title_zh = "打印后卡片无划痕、污渍、翘曲或损坏",
    prompt = "Is the printed card free of scratches, stains, warping and damage?" },
} do
  test {
    id = v.id,
    title = v.title,
    title_zh = v.title_zh,
    clause = "DB43/T 3.3 §6.3.1 表1-5; §6.3.2 表2; §6.3.3 表3",
    run = function(t)
      t:ask { key = "ok", kind = "yesno", expect = true, prompt = v.prompt }
    end,
  }
end
