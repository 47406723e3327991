// Replaces Decap core's front matter formats (formats/frontmatter.js, gray-matter and js-yaml):
// Jejak edits whole YAML records (format.js), never Markdown files with front matter.
class Unsupported {
  fromFile() {
    throw new Error("front matter is not part of Jejak's editor bundle");
  }
  toFile() {
    throw new Error("front matter is not part of Jejak's editor bundle");
  }
}
export const FrontmatterInfer = new Unsupported();
export const frontmatterYAML = () => new Unsupported();
export const frontmatterTOML = () => new Unsupported();
export const frontmatterJSON = () => new Unsupported();
