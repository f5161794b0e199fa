-- DB43/T 3.3 §6.3.5 表5 (8) 通讯方式: "USB 接口通讯，支持免驱动技术" (the
-- document-camera terminal's row). Driver-free: the host talks to every
-- USB function of the DUT through the class drivers it ships (CCID for
-- the card readers, HID, UVC for the cameras, ...), with no driver from
-- the device's maker. Read from the host's own view (sysfs, the `usb`
-- role): each of the DUT's devices (`devices:`, vendor:product) must be
-- plugged in, and each of its interfaces either of a USB-IF class, or
-- vendor-specific (0xFF) but bound to a driver of the kernel's own tree (a
-- USB serial bridge, say). A vendor-specific interface with no driver, or
-- one bound to a module out of the kernel's tree or unsigned (taint O or
-- E: installed by hand), needs the maker's driver and fails.
suite {
  title = "Terminal USB: driver-free",
  standard = "DB43/T 3.3 §6.3.5",
}

-- Why an interface needs no maker's driver, or nil and why it does.
local function class_driver(i)
  if i.class ~= 0xff then
    return string.format("class %02x %s%s", i.class, i.class_name,
                         i.driver ~= "" and (", driver " .. i.driver) or "")
  end
  if i.driver == "" then
    return nil, "vendor-specific (class ff) and no driver bound: it needs the maker's"
  end
  if i.out_of_tree then
    return nil, "vendor-specific (class ff), bound to " .. i.driver
      .. ", a module out of the kernel's tree or unsigned (taint O/E): the maker's driver"
  end
  return "vendor-specific (class ff), bound to the kernel's own " .. i.driver
end

test {
  id = "terminal.usb.driver_free",
  title = "Every USB function of the DUT works with the host's own class drivers",
  title_zh = "USB 接口通讯，支持免驱动技术",
  clause = "DB43/T 3.3 §6.3.5 表5 (8)",
  dut_class = "document-camera",
  roles = { "usb" },
  run = function(t)
    for _, d in ipairs(t.roles.usb:devices()) do
      if t:ok(d.found, "USB device " .. d.id .. " is plugged in",
              d.id .. ": no such device on the host's USB") then
        t:note("device_" .. d.id:gsub(":", "_"), string.format("%s %s %s, %d interfaces",
          d.name, d.manufacturer, d.product, #d.interfaces))
        t:ok(#d.interfaces > 0, d.id .. " has interfaces", "none in sysfs")
        for _, i in ipairs(d.interfaces) do
          local how, why = class_driver(i)
          if t:ok(how ~= nil, string.format("%s interface %s needs no maker's driver", d.id,
                                            i.name), why) then
            t:note("if_" .. i.name:gsub("[^%w]", "_"), how)
          end
        end
      end
    end
  end,
}
