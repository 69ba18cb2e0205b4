import { describe, expect, it } from "vitest";
import { countField, dateField, fieldErrorsOf, httpUrl } from "~/domain/validation";
import { z } from "zod";

const errorOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : fieldErrorsOf(parsed.error)._form;
};

describe("form field schemas", () => {
  it("reads counts typed the Vietnamese way and names the problem precisely", () => {
    expect(countField().parse("1.250")).toBe(1250);
    expect(countField().parse("15 300")).toBe(15300);
    expect(errorOf(countField(), "-3")).toEqual({ key: "validation.tooSmall", params: { min: 0 } });
    expect(errorOf(countField(100), "101")).toEqual({ key: "validation.tooBig", params: { max: 100 } });
    expect(errorOf(countField(), "mười")).toEqual({ key: "validation.notNumber" });
    expect(errorOf(countField(), "2,5")).toEqual({ key: "validation.notNumber" });
  });

  it("accepts dd/mm/yyyy and ISO dates and refuses impossible ones", () => {
    expect(dateField.parse("05/01/2022")).toBe("2022-01-05");
    expect(dateField.parse("2022-07-11")).toBe("2022-07-11");
    expect(errorOf(dateField, "31/02/2022")).toEqual({ key: "validation.invalidDate" });
    expect(errorOf(dateField, "")).toEqual({ key: "validation.required" });
  });

  it("allows only http and https links", () => {
    expect(httpUrl.parse("https://congdoan.laichau.gov.vn/tin-tuc")).toBe("https://congdoan.laichau.gov.vn/tin-tuc");
    expect(errorOf(httpUrl, "javascript:alert(1)")).toEqual({ key: "validation.invalidUrl" });
    expect(errorOf(httpUrl, "data:text/html,<b>x</b>")).toEqual({ key: "validation.invalidUrl" });
  });
});
