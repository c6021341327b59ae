// ZPL labels to a Zebra mobile printer over Bluetooth LE from the phone (Chrome on Android has Web
// Bluetooth): the printer's "Zebra Parser" GATT service takes raw ZPL on its write characteristic.

const ZEBRA_PARSER_SERVICE = '38eb4a80-c570-11e3-9507-0002a5d5c51b';
const ZEBRA_TO_PRINTER = '38eb4a82-c570-11e3-9507-0002a5d5c51b';
/** A BLE write carries at most the negotiated MTU; 512 bytes is what Zebra's own SDK sends at a time. */
const CHUNK_BYTES = 512;

interface GattCharacteristic {
  writeValueWithResponse(value: BufferSource): Promise<void>;
}
interface BluetoothLike {
  requestDevice(options: { filters: { services: string[] }[] }): Promise<{
    gatt?: {
      connect(): Promise<{
        getPrimaryService(
          uuid: string,
        ): Promise<{ getCharacteristic(uuid: string): Promise<GattCharacteristic> }>;
        disconnect(): void;
      }>;
    };
  }>;
}

const bluetooth = () => (navigator as Navigator & { bluetooth?: BluetoothLike }).bluetooth;

export const canPrintOverBluetooth = () => typeof navigator !== 'undefined' && !!bluetooth();

/** True when the text is a ZPL label (starts its first format with ^XA). */
export const isZpl = (text: string) => /^\s*\^XA/.test(text);

/** The label's bytes in writes the printer accepts, in order. */
export function zplChunks(zpl: string, size = CHUNK_BYTES): Uint8Array<ArrayBuffer>[] {
  const bytes = new TextEncoder().encode(zpl);
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
  return chunks;
}

/** Asks the person to pick their Zebra printer (the browser's own chooser), then sends the label to it. */
export async function printZplOverBluetooth(zpl: string): Promise<void> {
  const bt = bluetooth();
  if (!bt) throw new Error('This browser cannot reach a Bluetooth printer; use Print label instead');
  const device = await bt.requestDevice({ filters: [{ services: [ZEBRA_PARSER_SERVICE] }] });
  if (!device.gatt) throw new Error('That printer does not accept labels over Bluetooth');
  const server = await device.gatt.connect();
  try {
    const service = await server.getPrimaryService(ZEBRA_PARSER_SERVICE);
    const toPrinter = await service.getCharacteristic(ZEBRA_TO_PRINTER);
    for (const chunk of zplChunks(zpl)) await toPrinter.writeValueWithResponse(chunk);
  } finally {
    server.disconnect();
  }
}
