import { describe, expect, it } from "vitest";
import { isRepositoryName, normalizeRepositoryInput, registryHost } from "./repositoryName";

describe("repository names", () => {
  it("follow_the_distribution_grammar_as_the_backend_does", () => {
    for (const ok of ["demo/x", "a", "team/app/api", "x__y.z", "a--b", "openshift/ruby-27", "12345678/n"]) {
      expect(isRepositoryName(ok), ok).toBe(true);
    }
    for (const bad of [
      "",
      "/",
      "a/",
      "/a",
      "a//b",
      "Demo/x",
      "demo/x:latest",
      "demo/x@sha256:ab",
      "a..b",
      "a___b",
      "a._b",
      "a-_b",
      "_a",
      "a-",
      "../etc",
      "a b",
      "a%2fb",
      "quay.io:443/ns/name",
      "ｄｅｍｏ/x",
    ]) {
      expect(isRepositoryName(bad), bad).toBe(false);
    }
    expect(isRepositoryName(`a/${"b".repeat(253)}`)).toBe(true);
    expect(isRepositoryName(`a/${"b".repeat(254)}`)).toBe(false);
  });

  it("drop_spaces_and_the_registrys_own_host", () => {
    const n = (input: string) => normalizeRepositoryInput("registry.example:5000", input);
    expect(n("  demo/x \n")).toBe("demo/x");
    expect(n("registry.example:5000/demo/x")).toBe("demo/x");
    expect(n("docker://registry.example:5000/demo/x")).toBe("demo/x");
    expect(n("quay.io:443/demo/x")).toBe("quay.io:443/demo/x");
    expect(registryHost("https://registry.example:5000/")).toBe("registry.example:5000");
    expect(registryHost("not a url")).toBe("");
  });
});
