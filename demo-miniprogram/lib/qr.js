// QR vouchers: the redemption token encoded by uqr (a maintained QR encoder) and drawn on a
// canvas 2D context. The runs of dark modules in a row become one rectangle each, which keeps
// the number of canvas calls small on slow phones.
const { encode } = require('uqr');

// → { size, data: boolean[][] } with a quiet zone of `border` modules.
function qrMatrix(text, { ecc = 'M', border = 4 } = {}) {
  if (typeof text !== 'string' || !text) throw new TypeError('a QR code needs a non-empty text');
  const qr = encode(text, { ecc, border });
  return { size: qr.size, data: qr.data };
}

// The rectangles to fill for a `px`-wide square: { size, cell, offset, rects: [[x, y, w, h]] }.
// Whole-pixel modules (a blurry edge hurts scanning); the rest is centred as margin.
function qrRects(text, px, options) {
  const { size, data } = qrMatrix(text, options);
  const cell = Math.max(1, Math.floor(px / size));
  const offset = Math.floor((px - cell * size) / 2);
  const rects = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; ) {
      if (!data[y][x]) {
        x++;
        continue;
      }
      let end = x;
      while (end < size && data[y][end]) end++;
      rects.push([offset + x * cell, offset + y * cell, (end - x) * cell, cell]);
      x = end;
    }
  }
  return { size, cell, offset, rects };
}

// Draws onto a canvas 2D context (wx Canvas type="2d", or any CanvasRenderingContext2D).
function drawQr(ctx, text, px, options) {
  const { rects, size, cell } = qrRects(text, px, options);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, px, px);
  ctx.fillStyle = '#000000';
  for (const [x, y, w, h] of rects) ctx.fillRect(x, y, w, h);
  return { size, cell, rects: rects.length };
}

module.exports = { qrMatrix, qrRects, drawQr };
