import sharp from 'sharp';

/**
 * The image shrunk into its own frame with a white band of `share` of each side around it: what an
 * editor that pads its result to an aspect ratio returns. For tests of the white-border rule.
 */
export async function withWhiteBorder(image: Buffer, share = 0.06): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const padX = Math.round(width * share);
  const padY = Math.round(height * share);
  return sharp(image)
    .resize(width - 2 * padX, height - 2 * padY, { fit: 'fill' })
    .extend({ top: padY, bottom: padY, left: padX, right: padX, background: '#ffffff' })
    .png()
    .toBuffer();
}
