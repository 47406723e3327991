// Stands in for @jsquash/webp: Jejak's editor configures no WebP conversion of uploads.
export function encode() {
  throw new Error("WebP conversion is not part of Jejak's editor bundle");
}
