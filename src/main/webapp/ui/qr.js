// Draws a QR code onto a canvas, module by module (qrcode-generator computes them; nothing passes through HTML).
import qrcode from "./vendor/qrcode-generator-2.0.4/qrcode.js";

const QUIET_ZONE = 4;

/** Paints `text` as a QR code (error correction M) on `canvas`, `scale` pixels per module. */
export function drawQr(canvas, text, scale = 6) {
    const code = qrcode(0, "M");
    code.addData(text);
    code.make();
    const count = code.getModuleCount();
    const size = (count + 2 * QUIET_ZONE) * scale;
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, size, size);
    context.fillStyle = "#000000";
    for (let row = 0; row < count; row += 1) {
        for (let column = 0; column < count; column += 1) {
            if (code.isDark(row, column)) {
                context.fillRect((column + QUIET_ZONE) * scale, (row + QUIET_ZONE) * scale, scale, scale);
            }
        }
    }
    return count;
}
