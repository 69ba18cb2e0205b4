import { deflateRawSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { checkZip, XLSX_IMPORT_LIMITS } from "~/domain/zip-guard";

/** A minimal ZIP writer (stored or deflated entries), so the tests can build hostile archives. */
export function makeZip(entries: { name: string; data: Buffer; declaredSize?: number; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const body = entry.store ? entry.data : deflateRawSync(entry.data, { level: 9 });
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.store ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.store ? 0 : 8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe("the ZIP guard", () => {
  it("passes a real XLSX written by exceljs", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Đơn vị").addRows([["Mã", "Tên đơn vị"], ["LC-X", "Công đoàn thử"]]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(checkZip(bytes)).toMatchObject({ ok: true });
  });

  it("refuses a zip bomb from its central directory without inflating it", () => {
    const bomb = makeZip([{ name: "xl/worksheets/sheet1.xml", data: Buffer.alloc(200 * 1024 * 1024, 0x41) }]);
    expect(bomb.length).toBeLessThan(400 * 1024);
    expect(checkZip(bomb)).toEqual({ ok: false, problem: "tooLarge" });
  });

  it("refuses many entries whose total is too large, and too many entries", () => {
    const parts = Array.from({ length: 8 }, (_, i) => ({ name: `p${i}.xml`, data: Buffer.alloc(10 * 1024 * 1024, 0x20) }));
    expect(checkZip(makeZip(parts), { ...XLSX_IMPORT_LIMITS, maxRatio: Infinity })).toEqual({ ok: false, problem: "tooLarge" });
    const many = Array.from({ length: XLSX_IMPORT_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `f${i}`, data: Buffer.from("x"), store: true }));
    expect(checkZip(makeZip(many))).toEqual({ ok: false, problem: "tooManyEntries" });
  });

  it("catches an archive that lies about its sizes, with bounded memory", () => {
    const liar = makeZip([{ name: "xl/sharedStrings.xml", data: Buffer.alloc(300 * 1024 * 1024, 0x42), declaredSize: 1000 }]);
    expect(checkZip(liar, { ...XLSX_IMPORT_LIMITS, maxRatio: Infinity })).toEqual({ ok: false, problem: "tooLarge" });
  });

  it("says no to what is not a ZIP", () => {
    expect(checkZip(new TextEncoder().encode("Mã,Tên\nLC,Thử"))).toEqual({ ok: false, problem: "notZip" });
  });
});
