// Replaces Decap core's TOML format (formats/toml.js): Jejak's collections are YAML (format.js).
function unsupported() {
  throw new Error("TOML is not part of Jejak's editor bundle");
}
export default { fromFile: unsupported, toFile: unsupported };
