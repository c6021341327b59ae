/** A running camera scan: stop it, and switch the torch when the camera has one. */
export interface Scanner {
  stop(): Promise<void>;
  setTorch: ((on: boolean) => Promise<void>) | null;
}

// A code counts again only after it has been out of view this long, so one item held
// in front of the camera is one pick, and the next item of the same SKU is another.
const OUT_OF_VIEW_MS = 1200;

/**
 * Starts the back camera in the element with id `elementId` and calls `onCode` once per barcode brought
 * into view (EAN-13, UPC-A, Code 128, QR). html5-qrcode is a large chunk, so it loads only here.
 */
export async function startScanner(elementId: string, onCode: (code: string) => void): Promise<Scanner> {
  const { Html5Qrcode, Html5QrcodeSupportedFormats: F } = await import('html5-qrcode');
  const scanner = new Html5Qrcode(elementId, {
    verbose: false,
    formatsToSupport: [F.EAN_13, F.UPC_A, F.CODE_128, F.QR_CODE],
    useBarCodeDetectorIfSupported: true,
  });
  const lastSeen = new Map<string, number>();
  await scanner.start(
    { facingMode: 'environment' },
    { fps: 10, qrbox: (w, h) => ({ width: Math.floor(w * 0.9), height: Math.floor(h * 0.6) }) },
    (text) => {
      const now = Date.now();
      const seen = lastSeen.get(text);
      lastSeen.set(text, now);
      if (seen === undefined || now - seen > OUT_OF_VIEW_MS) onCode(text);
    },
    () => {},
  );
  let setTorch: Scanner['setTorch'] = null;
  try {
    const torch = scanner.getRunningTrackCameraCapabilities().torchFeature();
    if (torch.isSupported()) setTorch = (on) => torch.apply(on);
  } catch {
    // no capabilities on this camera: no torch button
  }
  return {
    async stop() {
      if (scanner.isScanning) await scanner.stop();
      scanner.clear();
    },
    setTorch,
  };
}

let audio: AudioContext | null = null;

/** A short beep and buzz: high for a good scan, low and double for a refused one. */
export function feedback(good: boolean): void {
  navigator.vibrate?.(good ? 60 : [80, 60, 80]);
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = good ? 1760 : 330;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + (good ? 0.08 : 0.2));
  } catch {
    // no audio output: the vibration and the screen still say it
  }
}
