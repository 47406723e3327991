// Stands in for react-markdown in Decap core, whose only use is a field's hint (micromark, the
// GFM extensions and their helpers: about 100 KB minified). Jejak's hints are plain text made
// from the schema's descriptions: shown as they are, never read as Markdown.
export default function PlainHint({ children }) {
  return children;
}
