// QR input: the camera (getUserMedia) or a photo, decoded with jsQR. Typing or pasting the token
// always works too (the field in the voucher panel); this only fills it.
import jsQR from 'jsqr';
import { html, useEffect, useRef, useState } from '../shared/ui.js';
import { tc } from './strings.js';

const hasCamera = () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

function decode(canvas, source, width, height) {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(source, 0, 0, width, height);
  const found = jsQR(ctx.getImageData(0, 0, width, height).data, width, height, { inversionAttempts: 'attemptBoth' });
  return found ? found.data : null;
}

export function Scanner({ onToken }) {
  const [on, setOn] = useState(false);
  const [message, setMessage] = useState('');
  const video = useRef(null);
  const canvas = useRef(null);

  useEffect(() => {
    if (!on) return undefined;
    let stream, frame, stopped = false;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch (err) {
        setMessage(`${tc('cameraDenied')}: ${err.message}`);
        setOn(false);
        return;
      }
      if (stopped) return stream.getTracks().forEach((t) => t.stop());
      video.current.srcObject = stream;
      await video.current.play().catch(() => {});
      const tick = () => {
        if (stopped) return;
        const v = video.current;
        if (v && v.readyState >= 2 && v.videoWidth) {
          const text = decode(canvas.current, v, v.videoWidth, v.videoHeight);
          if (text) {
            onToken(text);
            setOn(false);
            return;
          }
        }
        frame = setTimeout(tick, 120); // ~8 decodes a second is quick enough and spares the CPU
      };
      tick();
    })();
    return () => {
      stopped = true;
      clearTimeout(frame);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [on]);

  async function fromImage(e) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      const text = decode(canvas.current, bitmap, bitmap.width, bitmap.height);
      bitmap.close();
      if (text) {
        setMessage('');
        onToken(text);
      } else setMessage(tc('noQrFound'));
    } catch (err) {
      setMessage(`${tc('noQrFound')} (${err.message})`);
    }
  }

  return html`
    <div class="scanner">
      <div class="controls">
        ${hasCamera()
          ? html`<button type="button" onClick=${() => { setMessage(''); setOn(!on); }} aria-pressed=${on}>${on ? tc('stopScan') : tc('scan')}</button>`
          : html`<span class="muted">${tc('noCamera')}</span>`}
        <label class="file-button">${tc('scanImage')}<input id="qr-image" type="file" accept="image/*" capture="environment" onChange=${fromImage} /></label>
      </div>
      <video ref=${video} class="camera" hidden=${!on} playsinline muted aria-label=${tc('scan')}></video>
      <canvas ref=${canvas} hidden></canvas>
      ${message && html`<p class="bad" role="alert">${message}</p>`}
    </div>`;
}
