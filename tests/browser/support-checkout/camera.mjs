// A fake camera for Chromium: a Y4M video whose every frame shows a QR code, played by
// --use-file-for-fake-video-capture, so the checkout's getUserMedia + jsQR path runs for real.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

// matrix: { size, data: boolean[][] } (pk.tokens.toQrMatrix). White frame, black modules,
// a quiet zone of 4 modules, centred.
export function writeQrVideo(file, matrix, { width = 640, height = 480, frames = 10 } = {}) {
  const modules = matrix.size + 8;
  const scale = Math.floor(Math.min(width, height) / modules);
  const left = Math.floor((width - matrix.size * scale) / 2);
  const top = Math.floor((height - matrix.size * scale) / 2);
  const y = Buffer.alloc(width * height, 235); // video white
  for (let r = 0; r < matrix.size; r++)
    for (let c = 0; c < matrix.size; c++)
      if (matrix.data[r][c])
        for (let dy = 0; dy < scale; dy++) y.fill(16, (top + r * scale + dy) * width + left + c * scale, (top + r * scale + dy) * width + left + (c + 1) * scale);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array(frames).fill(frame)]));
}

export function launchWithCamera(videoFile) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${videoFile}`],
  });
}
