// The pages' one UI library, re-exported under a stable name: Preact, its hooks and htm from the WAR's own copy (version from pom.xml).
export * from "/_static/htm/${htm.version}/preact/standalone.module.js";
